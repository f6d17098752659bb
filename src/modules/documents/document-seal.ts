import { readFileSync } from 'node:fs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The agency's electronic seal image (DOCUMENT_SEAL_IMAGE), pressed on issued documents and never on drafts. An
 * image alone is not an electronic signature: under 电子签名法第十三条 only a reliable electronic signature has the
 * effect of a handwritten signature or seal, so an agency that prints one here does so under its own rules and
 * keeps the archived SHA-256 as the record of what it issued. Without it nothing stands in for a seal.
 */
export class DocumentSeal {
  constructor(readonly image: Buffer | null) {}

  static none(): DocumentSeal {
    return new DocumentSeal(null);
  }

  /** Reads and checks the PNG at start-up: a missing or non-PNG file stops the service with its name. */
  static load(file: string | null): DocumentSeal {
    if (!file) return DocumentSeal.none();
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new Error(`seal image ${file}: cannot read (${(e as Error).message})`, { cause: e });
    }
    if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error(`seal image ${file}: not a PNG file`);
    return new DocumentSeal(bytes);
  }
}
