import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { EVENT_TYPES } from '../../events/events.service';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://bi.example.go.id/hooks/siap-ekspor', description: 'http(s) URL that receives a POST per event' })
  @Transform(trim)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http:// or https:// URL' })
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['report.published'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES as unknown as string[], { each: true, message: `events must each be one of ${EVENT_TYPES.join(', ')}` })
  events: string[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ description: 'Who gets the notice when the endpoint is disabled after persistent failure' })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'contactEmail must be a valid email address' })
  @MaxLength(254)
  contactEmail?: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ default: 1440, minimum: 0, maximum: 10080, description: 'Minutes the previous secret keeps signing (a second v1 in the header)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10080)
  overlapMinutes?: number;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) events: string[];
  @ApiProperty({ enum: ['active', 'disabled'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) contactEmail: string | null;
  @ApiProperty() consecutiveFailures: number;
  @ApiProperty({ nullable: true, type: String }) disabledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) disabledReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Until then the previous secret also signs' }) previousSecretExpiresAt: string | null;
  @ApiProperty() createdAt: string;
}

export class WebhookCreatedDto extends WebhookDto {
  @ApiProperty({ description: 'Signing secret: shown once; verify X-Siap-Signature with it (see docs/webhooks.md)' }) secret: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items: WebhookDto[];
}

export class RotatedSecretDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The new secret (shown once)' }) secret: string;
  @ApiProperty({ nullable: true, type: String }) previousSecretExpiresAt: string | null;
}

export class WebhookAttemptDto {
  @ApiProperty({ description: 'Redelivery round (1 = the original delivery)' }) round: number;
  @ApiProperty() attempt: number;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty() latencyMs: number;
  @ApiProperty() ok: boolean;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'X-Siap-Event-Id: the same across retries and redeliveries' }) eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: string;
  @ApiProperty({ description: 'Attempts in the current round' }) attempts: number;
  @ApiProperty() round: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: Number }) lastLatencyMs: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ type: [WebhookAttemptDto] }) log: WebhookAttemptDto[];
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
}

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: ['pending', 'succeeded', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'succeeded', 'failed'], { message: 'status must be one of pending, succeeded, failed' })
  status?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
