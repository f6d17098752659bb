import path from 'node:path';
import { loadAppConfig } from '../../config/app-config.js';

const base = { NODE_ENV: 'test', JWT_SECRET: 'test-secret-test-secret-test-secret-0123', DATA_DIR: '/tmp/gk-config' };

describe('documents configuration', () => {
  it('should default to ./templates and the built-in fonts, with the fallback detected at start-up', () => {
    expect(loadAppConfig(base).documents).toEqual({ templatesDir: path.resolve('templates'), fonts: { regular: null, bold: null, fallbacks: null }, sealImage: null, renderWorkers: 0 });
  });

  it("should take an agency's own fonts and fallbacks, and an empty fallback list for none", () => {
    const sut = loadAppConfig({
      ...base,
      DOCUMENT_TEMPLATES_DIR: '/srv/letters',
      DOCUMENT_FONT_REGULAR: '/fonts/FangSong_GB2312.ttf',
      DOCUMENT_FONT_BOLD: '/fonts/FZXiaoBiaoSong.ttf',
      DOCUMENT_FONT_FALLBACKS: '/fonts/a.ttc#NotoSerifCJKsc-Regular, /fonts/b.otf',
      DOCUMENT_SEAL_IMAGE: '/srv/seal.png',
    }).documents;
    expect(sut).toEqual({
      templatesDir: '/srv/letters',
      fonts: { regular: '/fonts/FangSong_GB2312.ttf', bold: '/fonts/FZXiaoBiaoSong.ttf', fallbacks: ['/fonts/a.ttc#NotoSerifCJKsc-Regular', '/fonts/b.otf'] },
      sealImage: '/srv/seal.png',
      renderWorkers: 0,
    });
    expect(loadAppConfig({ ...base, DOCUMENT_FONT_FALLBACKS: '' }).documents.fonts.fallbacks).toEqual([]);
  });

  it('should render on the main thread by default, on worker threads when PDF_RENDER_WORKERS is set', () => {
    expect(loadAppConfig({ ...base, PDF_RENDER_WORKERS: '2' } as never).documents.renderWorkers).toBe(2);
  });
});
