import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';

/** The folder of the stored chart images the tests compare against. */
export const CHART_REFERENCES = path.resolve(import.meta.dirname, '../fixtures/charts');

/** A decoded image: its size and its RGBA pixels, four bytes each. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Width and height from a PNG's header (its IHDR chunk), after checking the signature. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The PNG decoded to its pixels. */
export async function decodePng(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  return { width: image.width, height: image.height, data };
}

/** How many pixels are not white, and how many distinct colours the image has. */
export function inkOf(img: Pixels): { nonWhite: number; colours: number } {
  const colours = new Set<number>();
  let nonWhite = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    if (r !== 255 || g !== 255 || b !== 255) nonWhite += 1;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { nonWhite, colours: colours.size };
}

/** Pixels of exactly this colour ("#2563EB"). */
export function pixelsOf(img: Pixels, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i] === r && img.data[i + 1] === g && img.data[i + 2] === b) n += 1;
  return n;
}

/** A pixel differs when one of its channels is off by more than this (anti-aliasing may shift a little). */
const CHANNEL_TOLERANCE = 24;

/**
 * The share of pixels (0–1) that differ from the stored reference `name` (a PNG under
 * test/fixtures/charts), or 1 when the sizes differ. With UPDATE_CHART_REFERENCES=1 the reference
 * is rewritten from `png` first, for a deliberate change of the drawing.
 */
export async function differenceFromReference(png: Buffer, name: string): Promise<number> {
  const file = path.join(CHART_REFERENCES, name);
  if (process.env.UPDATE_CHART_REFERENCES === '1') {
    fs.mkdirSync(CHART_REFERENCES, { recursive: true });
    fs.writeFileSync(file, png);
  }
  const [actual, expected] = await Promise.all([decodePng(png), decodePng(fs.readFileSync(file))]);
  if (actual.width !== expected.width || actual.height !== expected.height) return 1;
  let differing = 0;
  for (let i = 0; i < actual.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs(actual.data[i + c]! - expected.data[i + c]!) > CHANNEL_TOLERANCE) {
        differing += 1;
        break;
      }
    }
  }
  return differing / (actual.width * actual.height);
}
