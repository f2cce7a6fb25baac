import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/auth.decorators';
import { BusinessesService } from '../../businesses/businesses.service';
import { DocumentsService } from '../../businesses/documents.service';
import { CreateDocumentDto } from '../../businesses/dto/document.dto';
import { Clock } from '../../common/clock';
import { NotFound } from '../../common/errors';
import { wibDate } from '../../common/time';
import { isUuid } from '../../common/uuid.pipe';
import { validateForm } from '../forms';
import { tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage, str } from '../respond';
import { WebExceptionFilter, WebGuard, WebRequest, WebRoles } from '../web-context';
import { DocumentForm, officerDocumentsView, ownerDocumentsView } from './documents.views';

const FORM_FIELDS = ['type', 'number', 'issuedOn', 'expiresOn', 'note'];

/** The documents register pages: officers keep a business's register, the owner reads their own. */
@ApiExcludeController()
@Public()
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class DocumentsPagesController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly businesses: BusinessesService,
    private readonly clock: Clock,
  ) {}

  private async render(req: WebRequest, reply: FastifyReply, businessId: string, form: DocumentForm, status = 200) {
    const c = req.web;
    if (!isUuid(businessId)) throw new NotFound('business');
    const business = await this.businesses.getVisible(c.actor!, businessId.toLowerCase());
    const documents = await this.documents.list(c.actor!, business.id);
    const body = officerDocumentsView(c, { business, documents, today: wibDate(this.clock.now()) }, form);
    return sendPage(reply, page(c, `${tr(c.lang, 'Dokumen', 'Documents')}: ${business.name}`, body, { flash: form.flash }), status);
  }

  @Get('dinas/usaha/:id/dokumen')
  @WebRoles('admin', 'officer')
  list(@Req() req: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply) {
    const saved = (req.query as Record<string, string | undefined>).ok;
    const flash = saved === 'created' ? tr(req.web.lang, 'Dokumen tersimpan.', 'Document saved.') : saved === 'removed' ? tr(req.web.lang, 'Dokumen dihapus.', 'Document removed.') : undefined;
    return this.render(req, reply, id, { values: {}, flash: flash ? { kind: 'ok', text: flash } : undefined });
  }

  @Post('dinas/usaha/:id/dokumen')
  @WebRoles('admin', 'officer')
  async add(@Req() req: WebRequest, @Param('id') id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const result = await validateForm(CreateDocumentDto, body);
    if (!result.ok) {
      const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, str(body, f)]));
      return this.render(req, reply, id, { values, errors: result.errors }, 400);
    }
    if (!isUuid(id)) throw new NotFound('business');
    await this.documents.create(req.web.actor!, id.toLowerCase(), result.dto);
    return redirect(reply, `/dinas/usaha/${id}/dokumen?ok=created`);
  }

  @Post('dinas/usaha/:id/dokumen/:documentId/hapus')
  @WebRoles('admin', 'officer')
  async remove(@Req() req: WebRequest, @Param('id') id: string, @Param('documentId') documentId: string, @Res() reply: FastifyReply) {
    if (!isUuid(id) || !isUuid(documentId)) throw new NotFound('document');
    await this.documents.remove(req.web.actor!, id.toLowerCase(), documentId.toLowerCase());
    return redirect(reply, `/dinas/usaha/${id}/dokumen?ok=removed`);
  }

  @Get('pesanan/dokumen')
  @WebRoles('business')
  async own(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const c = req.web;
    const business = await this.businesses.getVisible(c.actor!, c.actor!.businessId!);
    const documents = await this.documents.list(c.actor!, business.id);
    const title = tr(c.lang, 'Dokumen usaha saya', 'My business documents');
    return sendPage(reply, page(c, title, ownerDocumentsView(c, { business, documents, today: wibDate(this.clock.now()) })));
  }
}
