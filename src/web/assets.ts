import { createHash } from 'node:crypto';
import { CASEWORK_CSS, CASEWORK_JS } from './casework/casework.css';

/**
 * The only stylesheet and script of the pages: hand-written, served by the service itself with a
 * content hash in the URL and a year-long cache. No CDN, no web fonts (system font stack).
 */
const CSS =
  `
:root{--ink:#1b1f24;--muted:#4b5563;--line:#d0d5dd;--bg:#f6f7f9;--card:#fff;--brand:#0b5d4b;--brand-ink:#fff;--accent:#a14400;
--bad:#b42318;--bad-bg:#fef3f2;--ok:#05603a;--ok-bg:#ecfdf3;--warn-bg:#fffaeb;--focus:#1d4ed8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
a{color:#0645ad}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible,
[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
main:focus{outline:0}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem;z-index:10}
header.top{background:var(--brand);color:var(--brand-ink);padding:.5rem .75rem}
header.top a{color:var(--brand-ink)}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;max-width:72rem;margin:0 auto}
.brand{font-weight:700;text-decoration:none;margin-right:auto}
nav.main{background:#fff;border-bottom:1px solid var(--line)}
nav.main ul{display:flex;flex-wrap:wrap;gap:0 .25rem;list-style:none;margin:0 auto;padding:0 .5rem;max-width:72rem}
nav.main a{display:block;padding:.7rem .6rem;white-space:nowrap;text-decoration:none;color:var(--ink)}
nav.main a[aria-current=page]{border-bottom:3px solid var(--brand);font-weight:600}
main{max-width:72rem;margin:0 auto;padding:1rem .75rem 3rem}
h1{font-size:1.4rem;margin:.25rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.card>h2:first-child,.card>h3:first-child{margin-top:0}
.narrow{max-width:30rem}
label{display:block;font-weight:600;margin:.9rem 0 .25rem}
.hint{display:block;font-weight:400;color:var(--muted);font-size:.9rem}
input,select,textarea{font:inherit;width:100%;padding:.6rem .65rem;border:1px solid #6b7280;border-radius:.375rem;background:#fff;color:var(--ink);
min-height:2.75rem}
input[type=checkbox],input[type=radio]{width:auto;min-height:0}
textarea{min-height:5rem}
.row{display:flex;gap:.5rem}
.row>*{flex:1}
.row>.grow2{flex:2}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:600;margin:.9rem 0 .25rem}
.choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.25rem,1fr));gap:.4rem}
.choices.sentences{grid-template-columns:1fr}
.choices label{display:flex;gap:.5rem;align-items:center;margin:0;font-weight:400;border:1px solid var(--line);border-radius:.375rem;
padding:.55rem .6rem;background:#fff;cursor:pointer}
.choices input:checked+span{font-weight:700}
.choices label:has(input:checked){border-color:var(--brand);background:#e8f3f0}
.err{color:var(--bad);font-weight:600;margin:.25rem 0 0;font-size:.95rem}
.field-error{color:var(--bad);font-weight:600;margin:.25rem 0 0;font-size:.95rem}
.field-error::before{content:"⚠ ";speak:never}
.field-error:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
[aria-invalid=true]{border-color:var(--bad);border-width:2px;outline:2px solid var(--bad);outline-offset:0}
[aria-invalid=true]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.alert{border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem;border:1px solid}
.alert.bad{background:var(--bad-bg);border-color:#fda29b;color:#7a271a}
.alert.ok{background:var(--ok-bg);border-color:#75e0a7;color:var(--ok)}
.alert.warn{background:var(--warn-bg);border-color:#fedf89}
.btn,button{font:inherit;font-weight:600;display:inline-block;border:0;border-radius:.375rem;padding:.7rem 1.1rem;min-height:2.75rem;
background:var(--brand);color:var(--brand-ink);cursor:pointer;text-decoration:none}
.btn.secondary,button.secondary{background:#fff;color:var(--brand);border:1px solid var(--brand)}
button.danger{background:var(--bad)}
button.link{background:none;color:inherit;padding:0;min-height:0;text-decoration:underline;font-weight:400}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem;align-items:center}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef0f3;font-weight:600}
td.n,th.n,td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.num,td.n{white-space:nowrap;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.5rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:.5rem}
.pill{display:inline-block;border-radius:1rem;padding:0 .55rem;font-size:.85rem;background:#eef0f3;white-space:nowrap}
.pill.new,.pill.open{background:#fff1e6;color:#8a3100}
.pill.in_review,.pill.paperwork_in_progress{background:#e0eaff;color:#1e3a8a}
.pill.resolved,.pill.formal_exporter{background:var(--ok-bg);color:var(--ok)}
.pill.ok{background:var(--ok-bg);color:var(--ok)}.pill.warn{background:var(--warn-bg);color:#7a2e0e}.pill.bad{background:var(--bad-bg);color:var(--bad)}
.muted{color:var(--muted)}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:.5rem;margin:0 0 1rem}
.stats div{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.5rem .75rem}
.stats b{display:block;font-size:1.35rem}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.25rem .5rem;align-items:end}
.filters label{margin:.25rem 0}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.kv dt{color:var(--muted)}
dl.kv dd{margin:0}
.chart{margin:0 0 1rem;overflow-x:auto}
.chart:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.chart svg{width:100%;min-width:34rem;height:auto;display:block;background:#fff}
.bars{margin:0 0 1rem}
.bars svg{width:100%;height:auto;display:block;background:#fff}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem;margin:.25rem 0}
.sw{display:inline-block;width:.9rem;height:.9rem;border-radius:.2rem;vertical-align:-.1rem;margin-right:.3rem}
progress{width:100%;height:1.25rem}
ol.timeline{padding-left:1.2rem}
td ul{padding-left:1.1rem;margin:.2rem 0}
td.wide{min-width:16rem}
ol.timeline li{margin:.3rem 0}
details>summary{cursor:pointer;font-weight:600;padding:.4rem 0}
footer{max-width:72rem;margin:0 auto;padding:1rem .75rem;color:var(--muted);font-size:.85rem}
@media (min-width:48rem){h1{font-size:1.7rem}.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}}
@media (max-width:40rem){
.hide-sm{display:none}
nav.main ul{padding:0 .25rem}
nav.main a{padding:.6rem .45rem}
dl.kv{grid-template-columns:minmax(6rem,40%) minmax(0,1fr)}
dl.kv dd{overflow-wrap:anywhere}
.scroll:has(>table:not(.keep)){border:0;overflow:visible;background:none}
table:not(.keep){background:none}
table:not(.keep)>caption{display:block;padding:.25rem 0}
table:not(.keep) thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
table:not(.keep),table:not(.keep)>tbody,table:not(.keep)>tbody>tr,table:not(.keep)>tbody>tr>td,table:not(.keep)>tbody>tr>th{display:block;width:100%}
table:not(.keep)>tbody>tr{background:#fff;border:1px solid var(--line);border-radius:.5rem;margin:0 0 .5rem;padding:.35rem 0}
table:not(.keep)>tbody>tr>td{border:0;padding:.2rem .65rem;text-align:left;overflow-wrap:anywhere}
table:not(.keep) td[data-label]:not([data-label=""])::before{content:attr(data-label);display:block;font-size:.85rem;font-weight:600;color:var(--muted)}
table:not(.keep) td.n,table:not(.keep) td.num{text-align:left;white-space:normal}
table:not(.keep)>tbody>tr>td:empty{display:none}
table:not(.keep)>tbody>tr>td.num[data-label]:not([data-label=""]),table.compact:not(.keep)>tbody>tr>td{display:flex;align-items:baseline;gap:.4rem;padding:.1rem .65rem}
table:not(.keep)>tbody>tr>td.num::before,table.compact:not(.keep)>tbody>tr>td::before{flex:none;margin-right:auto;padding-right:.35rem}
table.compact:not(.keep)>tbody>tr>td:first-child{display:block;font-weight:600;padding-bottom:.25rem}
table.compact:not(.keep)>tbody>tr>td:first-child::before{display:none}
/* the weekly list on a phone: its four counts two to a line (label above value), the other cells across the card */
table#weekly:not(.keep)>tbody>tr{display:grid;grid-template-columns:1fr 1fr}
table#weekly:not(.keep)>tbody>tr>td{grid-column:1/-1}
table#weekly:not(.keep)>tbody>tr>td.num{grid-column:auto;display:block;overflow-wrap:normal}
}
@media print{
header.top,nav.main,.skip,footer,form,.actions,button{display:none!important}
body{background:#fff;font-size:11pt}
main{max-width:none;padding:0}
.card,.stats div,table.rows tr{border-color:#999;break-inside:avoid}
.scroll,.chart{overflow:visible;border:0}
.chart svg{min-width:0}
a{color:inherit;text-decoration:none}
}
` + CASEWORK_CSS;

const JS =
  `
(function(){
  'use strict';
  function $(s,r){return (r||document).querySelector(s)}
  function uuid(){var b=new Uint8Array(16);crypto.getRandomValues(b);b[6]=b[6]&15|64;b[8]=b[8]&63|128;
    var h=[].map.call(b,function(x){return (x+256).toString(16).slice(1)}).join('');
    return h.slice(0,8)+'-'+h.slice(8,12)+'-'+h.slice(12,16)+'-'+h.slice(16,20)+'-'+h.slice(20)}
  // Filters: submit as soon as a choice changes (the button stays for keyboard and no-JS use).
  document.querySelectorAll('form[data-autosubmit] select').forEach(function(s){s.addEventListener('change',function(){s.form.submit()})});
  // CSV upload: stream the file as text/csv, show upload bytes then rows processed, list rejected rows.
  var form=$('#csv-upload');
  if(form){
    var T=JSON.parse(form.getAttribute('data-text'));
    form.addEventListener('submit',function(ev){
      ev.preventDefault();
      var file=$('#csv-file').files[0];var out=$('#csv-result');var bar=$('#csv-progress');var st=$('#csv-status');
      if(!file){st.textContent=T.choose;return}
      var id=uuid(),done=false,btn=$('button[type=submit]',form);btn.disabled=true;out.innerHTML='';
      bar.hidden=false;bar.max=file.size||1;bar.value=0;st.textContent=T.uploading;
      var xhr=new XMLHttpRequest();
      xhr.open('POST',form.action+'?importId='+id);
      xhr.setRequestHeader('Content-Type','text/csv');
      xhr.setRequestHeader('X-CSRF-Token',form.elements._csrf.value);
      xhr.setRequestHeader('Accept','application/json');
      xhr.upload.onprogress=function(e){if(e.lengthComputable){bar.max=e.total;bar.value=e.loaded}};
      function poll(){if(done)return;var p=new XMLHttpRequest();p.open('GET',form.action+'/'+id);p.setRequestHeader('Accept','application/json');
        p.onload=function(){if(p.status===200&&!done){
          var j=JSON.parse(p.responseText);bar.max=file.size||1;bar.value=Math.min(j.bytesRead,bar.max);st.textContent=T.rows.replace('{n}',j.rowsProcessed)}
        if(!done)setTimeout(poll,700)};p.send()}
      setTimeout(poll,500);
      xhr.onload=function(){done=true;btn.disabled=false;var j;try{j=JSON.parse(xhr.responseText)}catch(e){j={message:xhr.statusText}}
        bar.value=bar.max;
        if(xhr.status<200||xhr.status>299){st.textContent=T.failed;var m=document.createElement('div');m.className='alert bad';m.setAttribute('role','alert');
          var msg=j.message;m.textContent=Array.isArray(msg)?msg.join(' · '):String(msg);out.appendChild(m);return}
        st.textContent=T.done;
        var s=document.createElement('div');s.className='alert '+(j.rejected.length?'warn':'ok');s.setAttribute('role','status');
        s.textContent=T.summary.replace('{a}',j.accepted).replace('{d}',j.duplicates).replace('{r}',j.rejectedCount!=null?j.rejectedCount:j.rejected.length);
        out.appendChild(s);
        if(j.rejected.length){
          var lines=['row,errors'];j.rejected.forEach(function(r){lines.push(r.index+',"'+r.errors.join('; ').replace(/"/g,'""')+'"')});
          var a=document.createElement('a');a.className='btn secondary';a.id='csv-report';a.textContent=T.report;
          a.download='laporan-kesalahan-'+id.slice(0,8)+'.csv';
          a.href=URL.createObjectURL(new Blob(['\\ufeff'+lines.join('\\r\\n')+'\\r\\n'],{type:'text/csv'}));out.appendChild(a);
          // the rejected rows' table comes rendered (and escaped) by the server, in the page's language
          var w=document.createElement('div');w.innerHTML=j.rejectedHtml;out.appendChild(w);
        }
        if(j.warningsHtml){var v=document.createElement('div');v.innerHTML=j.warningsHtml;out.appendChild(v)}
      };
      xhr.onerror=function(){done=true;btn.disabled=false;st.textContent=T.failed};
      xhr.send(file);
    });
  }
})();
` + CASEWORK_JS;

function asset(body: string, type: string) {
  const buf = Buffer.from(body.trim() + '\n', 'utf8');
  const hash = createHash('sha256').update(buf).digest('hex').slice(0, 10);
  return { body: buf, type, hash, etag: `"${hash}"` };
}

export const ASSETS = {
  'app.css': asset(CSS, 'text/css; charset=utf-8'),
  'app.js': asset(JS, 'text/javascript; charset=utf-8'),
} as const;
export type AssetName = keyof typeof ASSETS;

export function assetUrl(name: AssetName): string {
  return `/static/${name}?v=${ASSETS[name].hash}`;
}
