import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../common/errors';
import { uuidPipe } from '../../common/uuid.pipe';
import { JOINT_PAGES } from '../../consolidation/consolidation.types';
import { CreateExportGroupDto, UpdateExportGroupDto } from '../../consolidation/dto/export-group.dto';
import { ExportGroupsService } from '../../consolidation/export-groups.service';
import { RuleSetsService } from '../../flags/rule-sets.service';
import { thresholdsOf } from '../businesses/businesses.controller';
import { FieldErrors, validateForm } from '../forms';
import { tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage, str } from '../respond';
import { WebPages, WebRequest } from '../web-context';
import { deleteConfirmView, groupFormView, groupListView, groupView } from './groups.views';

/** A service refusal ("field: why", 400 or 409) as the form's error beside its field. */
function serviceErrors(e: unknown): FieldErrors | undefined {
  if (!(e instanceof DomainError) || (e.status !== 400 && e.status !== 409)) return undefined;
  const msgs = Array.isArray(e.messages) ? e.messages : [e.messages];
  const out: FieldErrors = {};
  for (const m of msgs) {
    const field = /^(\w+):/.exec(m)?.[1] ?? 'memberBusinessIds';
    (out[field] ??= []).push({ rule: 'service', message: m.slice(field.length + 1).trim() });
  }
  return out;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

/** The groups pages (JOINT_PAGES): the list, the form post from the candidates page, one group with edit and delete. */
@WebPages(JOINT_PAGES.groups.slice(1), 'admin', 'officer')
export class GroupsPagesController {
  constructor(
    private readonly groups: ExportGroupsService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  /** The group with the current rule set's value thresholds for its chart: the members' combined 13 weeks are judged against them. */
  private async group(id: string, asOf?: string, lang: 'id' | 'en' = 'id') {
    const [g, current] = await Promise.all([this.groups.get(id, asOf), this.ruleSets.current()]);
    return { g, thresholds: thresholdsOf(lang, current) };
  }

  @Get()
  async index(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const c = req.web;
    return sendPage(reply, page(c, tr(c.lang, 'Kelompok ekspor bersama', 'Joint-export groups'), groupListView(c, await this.groups.list({}))));
  }

  @Post()
  async create(@Req() req: WebRequest, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const c = req.web;
    const again = async (errors: FieldErrors, status: number) => {
      const values: Record<string, string | string[]> = Object.fromEntries(Object.keys(body ?? {}).map((k) => [k, str(body, k)]));
      values.memberBusinessIds = list(body?.memberBusinessIds);
      const members = await this.groups.memberNames(values.memberBusinessIds);
      return sendPage(reply, page(c, tr(c.lang, 'Bentuk kelompok ekspor', 'Form an export group'), groupFormView(c, { values, members, errors })), status);
    };
    const form = await validateForm(CreateExportGroupDto, body, { memberBusinessIds: 'list' });
    if (!form.ok) return again(form.errors, 400);
    try {
      const g = await this.groups.create(c.actor!, form.dto);
      return redirect(reply, `${JOINT_PAGES.group(g.id)}?ok=created`);
    } catch (e) {
      const errors = serviceErrors(e);
      if (errors) return again(errors, (e as DomainError).status);
      throw e;
    }
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Param('id', uuidPipe) id: string, @Query() q: Record<string, string>, @Res() reply: FastifyReply) {
    const c = req.web;
    const { g, thresholds } = await this.group(id, q.asOf || undefined, c.lang);
    const flash = q.ok
      ? { kind: 'ok' as const, text: q.ok === 'created' ? tr(c.lang, 'Kelompok dibentuk.', 'Group formed.') : tr(c.lang, 'Tersimpan.', 'Saved.') }
      : undefined;
    return sendPage(reply, page(c, g.name, groupView(c, g, thresholds), { flash }));
  }

  @Post(':id')
  async update(@Req() req: WebRequest, @Param('id', uuidPipe) id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const c = req.web;
    // an emptied select or note clears the field (the form always sends all four)
    const plain = {
      name: str(body, 'name'),
      coordinatorBusinessId: str(body, 'coordinatorBusinessId') || null,
      route: str(body, 'route') || null,
      note: str(body, 'note') || null,
    };
    const again = async (errors: FieldErrors, status: number) => {
      const { g, thresholds } = await this.group(id, undefined, c.lang);
      const edit = { values: { ...plain } as Record<string, string>, errors };
      return sendPage(reply, page(c, tr(c.lang, 'Ubah kelompok', 'Edit the group'), groupView(c, g, thresholds, edit)), status);
    };
    const form = await validateForm(UpdateExportGroupDto, plain);
    if (!form.ok) return again(form.errors, 400);
    try {
      await this.groups.update(c.actor!, id, form.dto);
    } catch (e) {
      const errors = serviceErrors(e);
      if (errors) return again(errors, (e as DomainError).status);
      throw e;
    }
    return redirect(reply, `${JOINT_PAGES.group(id)}?ok=saved`);
  }

  @Post(':id/hapus')
  async remove(@Req() req: WebRequest, @Param('id', uuidPipe) id: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const c = req.web;
    if (str(body, 'yakin') !== 'ya') {
      const g = await this.groups.get(id);
      return sendPage(reply, page(c, tr(c.lang, 'Hapus kelompok', 'Delete the group'), deleteConfirmView(c, g)));
    }
    await this.groups.remove(c.actor!, id);
    return redirect(reply, JOINT_PAGES.groups);
  }
}
