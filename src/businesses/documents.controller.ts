import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { DocumentsService } from './documents.service';
import { CreateDocumentDto, DocumentDto, DocumentListDto } from './dto/document.dto';

@ApiTags('businesses')
@ApiBearerAuth()
@Controller('businesses/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Roles('admin', 'officer')
  @ApiCreatedResponse({ type: DocumentDto, description: 'A document the department has verified; it counts on a date D when issuedOn ≤ D ≤ expiresOn' })
  create(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: CreateDocumentDto): Promise<DocumentDto> {
    return this.documents.create(actor, id, dto);
  }

  @Get()
  @ApiOkResponse({ type: DocumentListDto, description: 'A business key reads its own' })
  async list(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<DocumentListDto> {
    return { items: await this.documents.list(actor, id) };
  }

  @Delete(':documentId')
  @Roles('admin', 'officer')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed: kept for the audit trail, counts nowhere' })
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Param('documentId', uuidPipe) documentId: string): Promise<void> {
    return this.documents.remove(actor, id, documentId);
  }
}
