/** Chromium for the browser tests: Debian's binary, with the flags a headless run on these machines needs. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Download } from 'playwright-core';
import { ROOT } from './harness.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Where browser tests save screenshots and downloads for review (git-ignored). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output');
/** The two widths every page is looked at. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Saves a downloaded workbook under SCREENSHOT_DIR (kept for review) and reads it back. */
export async function saveWorkbook(download: Download, name: string): Promise<ExcelJS.Workbook> {
  const file = path.join(SCREENSHOT_DIR, name);
  await download.saveAs(file);
  const bytes = await readFile(file);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return book;
}
