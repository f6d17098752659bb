import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { DocumentSequenceEntity } from './document-sequence.entity.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { IssuedDocumentEntity } from './issued-document.entity.js';
import { PdfFonts } from './pdf-fonts.js';
import { TemplateRegistry } from './template-registry.js';

/**
 * Templates, PDF rendering, document numbers and the issued-document archive. Templates and fonts are loaded once
 * at start-up: a broken template or a missing font file stops the service with a message naming it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IssuedDocumentEntity, DocumentSequenceEntity])],
  providers: [
    {
      provide: TemplateRegistry,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): TemplateRegistry => {
        const registry = TemplateRegistry.load(config.documents.templatesDir);
        new Logger('DocumentsModule').log(`${registry.list().length} document templates loaded from ${registry.root}`);
        return registry;
      },
    },
    {
      provide: PdfFonts,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): PdfFonts => {
        const fonts = PdfFonts.load(config.documents.fonts);
        if (fonts.fallbackSources.length === 0) {
          new Logger('DocumentsModule').warn(
            'no fallback font: rare characters (CJK Ext-B) cannot be printed; set DOCUMENT_FONT_FALLBACKS or install fonts-noto-cjk',
          );
        }
        return fonts;
      },
    },
    DocumentsRepository,
    DocumentsService,
  ],
  exports: [DocumentsService, DocumentsRepository, TemplateRegistry, PdfFonts],
})
export class DocumentsModule {}
