import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { LETTERS } from '../letters/letter-catalogue.js';
import { DocumentSeal } from './document-seal.js';
import { DocumentSequenceEntity } from './document-sequence.entity.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { IssuedDocumentEntity } from './issued-document.entity.js';
import { LetterCatalogue } from './letter-catalogue.js';
import { PdfFonts } from './pdf-fonts.js';
import { PdfRenderPool } from './pdf-render-pool.js';
import { TemplateRegistry } from './template-registry.js';

/**
 * The document engine: templates, PDF rendering, document numbers and the issued-document archive with its
 * listing and download routes. It knows no kind of letter itself: the letter catalogue (src/modules/letters) is
 * bound here, once, to the LetterCatalogue interface everything else in this module uses. Templates and fonts are
 * loaded once at start-up: a broken template or a missing font file stops the service with a message naming it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IssuedDocumentEntity, DocumentSequenceEntity]), CasesModule],
  controllers: [DocumentsController],
  providers: [
    { provide: LetterCatalogue, useValue: LETTERS satisfies LetterCatalogue },
    {
      provide: TemplateRegistry,
      inject: [APP_CONFIG, LetterCatalogue],
      useFactory: (config: AppConfig, catalogue: LetterCatalogue): TemplateRegistry => {
        const registry = TemplateRegistry.load(config.documents.templatesDir, catalogue);
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
            'no fallback font: rare characters (CJK Ext-B) cannot be printed; set DOCUMENT_FONT_FALLBACKS or install fonts-noto-cjk and fonts-hanazono',
          );
        }
        return fonts;
      },
    },
    { provide: DocumentSeal, inject: [APP_CONFIG], useFactory: (config: AppConfig): DocumentSeal => DocumentSeal.load(config.documents.sealImage) },
    {
      provide: PdfRenderPool,
      inject: [APP_CONFIG, DocumentSeal],
      useFactory: (config: AppConfig, seal: DocumentSeal): PdfRenderPool => new PdfRenderPool(config.documents.renderWorkers, config.documents.fonts, seal.image),
    },
    DocumentsRepository,
    DocumentsService,
  ],
  exports: [DocumentsService, DocumentsRepository, TemplateRegistry, PdfFonts],
})
export class DocumentsModule {}
