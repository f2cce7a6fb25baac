/**
 * Styles of the casework pages: the report's figure cards and charts, the field form's big targets,
 * and the print layout (A4: no navigation, no forms, tables unbroken), appended to app.css.
 */
export const CASEWORK_CSS = `
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem;margin:1rem 0}
.kpi h3{margin:0 0 .25rem;font-size:1rem}.kpi .big{font-size:2rem;font-weight:700;margin:.25rem 0}
.meter{display:block;width:100%;height:.5rem;margin:.25rem 0}.meter-bg{fill:#e5e7eb}.meter-fill{fill:var(--brand)}
.delta.up{color:#0b5d4b}.delta.down{color:#b42318}.small{font-size:.85rem}
figure.chart{margin:1rem 0}figure.chart svg{width:100%;height:auto;max-height:16rem}
figure.chart .bar{fill:var(--brand)}figure.chart .grid{stroke:#e5e7eb}figure.chart .tick{font-size:11px;fill:#4b5563}
.big-targets input,.big-targets select,.big-targets textarea,.big-targets button{min-height:2.75rem;font-size:1.05rem;width:100%;box-sizing:border-box}
.big-targets .choices{display:grid;grid-template-columns:repeat(auto-fit,minmax(8.5rem,1fr));gap:.5rem}
.big-targets .choice{display:flex;align-items:center;gap:.5rem;min-height:2.75rem;padding:.25rem .5rem;border:1px solid #d1d5db;border-radius:.4rem}
.big-targets .choice input{width:1.3rem;min-height:1.3rem;flex-shrink:0}
button.big{font-size:1.15rem;padding:.7rem 1.5rem}
ul.follow-ups{list-style:none;padding:0}ul.follow-ups form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
@media print{
  @page{size:A4;margin:14mm}
  header.top,nav.main,footer,.skip,.no-print,form,.actions{display:none!important}
  body{background:#fff;color:#000;font-size:10.5pt}main{max-width:none;padding:0}
  .card{box-shadow:none;border:1px solid #999;break-inside:avoid}
  table{break-inside:auto}tr,figure{break-inside:avoid}h2{break-after:avoid}
  .kpis{grid-template-columns:repeat(3,1fr)}a{color:#000;text-decoration:none}
}
`;

/** Print buttons: `data-print` opens the browser's print dialog (Print → PDF). */
export const CASEWORK_JS = `
document.querySelectorAll('[data-print]').forEach(function(b){b.addEventListener('click',function(){window.print()})});
`;
