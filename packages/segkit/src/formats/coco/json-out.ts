// Streaming output of COCO-shaped JSON (instances, panoptic): annotation entries go to the sink as
// they come; image entries (small) wait, encoded, until the end. Layout, one entry per line:
//
//   {"info":…,"licenses":[…],<other header fields>,"categories":[
//   {…}
//   ],"annotations":[
//   {…},
//   {…}
//   ],"images":[
//   {…}
//   ]}
//
// `images` comes last so that annotations never wait in memory; COCO readers (pycocotools, and
// readCoco) do not depend on key order. A results dataset is a bare list of annotations.
import { TextOut, type ByteSink } from '../../io/sink';
import type { DatasetHeader } from '../../dataset/model';
import { writeCategory } from './entries';

const RESERVED = new Set(['images', 'annotations', 'categories', 'info', 'licenses']);

/** Writes one COCO-shaped JSON file in order. */
export class CocoJsonOut {
  private readonly out: TextOut;
  private readonly imageBlocks: Uint8Array[] = [];
  private readonly imagesOut: TextOut;
  private started = false;
  private annotations = 0;
  private images = 0;

  constructor(readonly sink: ByteSink, private readonly header: DatasetHeader) {
    this.out = new TextOut(sink);
    this.imagesOut = new TextOut({ name: 'images', write: async (b) => void this.imageBlocks.push(b), close: async () => {}, abort: async () => {} });
  }

  private async start(): Promise<void> {
    this.started = true;
    const h = this.header;
    if (h.results) {
      await this.out.put('[');
      return;
    }
    let head = '{';
    if (h.info !== undefined) head += `"info":${JSON.stringify(h.info)},`;
    if (h.licenses !== undefined) head += `"licenses":${JSON.stringify(h.licenses)},`;
    for (const [k, v] of Object.entries(h.attributes ?? {})) {
      if (!RESERVED.has(k)) head += `${JSON.stringify(k)}:${JSON.stringify(v)},`;
    }
    head += `"categories":[${h.categories.map((c) => `\n${JSON.stringify(writeCategory(c))}`).join(',')}\n],"annotations":[`;
    await this.out.put(head);
  }

  /** Appends an annotation entry. */
  async annotation(entry: unknown): Promise<void> {
    if (!this.started) await this.start();
    await this.out.put(`${this.annotations++ > 0 ? ',' : ''}\n${JSON.stringify(entry)}`);
  }

  /** Appends an image entry (kept until the end; ignored for a results list). */
  async image(entry: unknown): Promise<void> {
    if (!this.started) await this.start();
    if (!this.header.results) await this.imagesOut.put(`${this.images++ > 0 ? ',' : ''}\n${JSON.stringify(entry)}`);
  }

  /** Writes the images and the closing brackets, and closes the sink. */
  async close(): Promise<void> {
    if (!this.started) await this.start();
    if (this.header.results) {
      await this.out.put('\n]\n');
    } else {
      await this.out.put('\n],"images":[');
      await this.out.flush();
      await this.imagesOut.flush();
      for (const b of this.imageBlocks.splice(0)) await this.sink.write(b);
      await this.out.put('\n]}\n');
    }
    await this.out.flush();
    await this.sink.close();
  }
}
