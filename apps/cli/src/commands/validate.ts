// `segkit validate`: the validator's findings for a dataset, streamed; --fix writes the repaired
// dataset in the same format.
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { validateRecords, type ValidationFinding } from 'segkit';
import { DataError } from '../errors';
import { FORMATS, checkFormat, openInput, openWriter, panopticPngDir, writeKind, type FormatName } from '../formats';
import { formatFlags, formatOptions, type FormatOpts } from '../options';
import { stage } from '../output';
import { progress } from '../progress';
import type { Io } from '../program';

interface ValidateOpts extends FormatOpts {
  format: string;
  fix?: string;
  json?: boolean;
  quiet?: boolean;
  force?: boolean;
  idScheme?: 'coco' | 'unique' | 'any';
}

export function validateCommand(io: Io): Command {
  const cmd = new Command('validate')
    .description('check a dataset: every finding with a code, severity, file and JSON path or line; exit 2 when errors remain')
    .argument('<input>', 'input file or folder')
    .addOption(new Option('--format <format>', 'input format').choices(FORMATS).makeOptionMandatory())
    .option('--fix <output>', 'repair what follows from the data and write the result here (same format)')
    .option('--force', 'replace an existing --fix output')
    .addOption(new Option('--id-scheme <s>', 'declared ids: coco (integers >= 1; default for coco), unique (default otherwise), any').choices(['coco', 'unique', 'any']))
    .option('--json', 'print one JSON object (summary and findings) on stdout')
    .option('--quiet', 'print only the summary line');
  formatOptions(cmd);
  return cmd.action(async (input: string, o: ValidateOpts) => {
    const format = checkFormat(o.format, '--format');
    const flags = formatFlags(o);
    flags.ids = 'keep';
    const dataset = await openInput(format, input, flags);
    const kind = dataset.header.kind;
    const staging = o.fix ? await stage([o.fix, ...(format === 'coco-panoptic' ? [panopticPngDir(o.fix, {})] : [])], o.force === true) : undefined;
    const header = { ...dataset.header, kind: writeKind(format, flags) };
    const writer = staging && (await openWriter(format, staging.dir, basename(o.fix!), header, flags));
    const findings: ValidationFinding[] = [];
    const summary = { images: 0, annotations: 0, errors: 0, warnings: 0, infos: 0, fixed: 0 };
    const bar = progress({ label: 'validate', total: dataset.count, quiet: o.quiet });
    try {
      const options = { kind, ids: o.idScheme ?? (format === 'coco' ? 'coco' as const : 'unique' as const), format: format === 'yolo-seg' ? 'yolo-seg' as const : undefined, fix: Boolean(o.fix), file: input };
      for await (const { record, findings: f } of validateRecords(dataset.records, dataset.header.categories, options)) {
        summary.images++;
        summary.annotations += record.annotations.length;
        for (const x of f) {
          if (x.fixed) summary.fixed++;
          else summary[x.severity === 'error' ? 'errors' : x.severity === 'warning' ? 'warnings' : 'infos']++;
          if (o.json) findings.push(x);
          else if (!o.quiet) io.out(line(x));
        }
        await writer?.add(record);
        bar.tick();
      }
      await writer?.close();
      await staging?.commit();
    } catch (e) {
      await writer?.abort().catch(() => {});
      await staging?.discard();
      throw e;
    }
    if (o.json) io.out(JSON.stringify({ command: 'validate', input, format, summary, findings }));
    else {
      io.out(`${input}: ${summary.images} images, ${summary.annotations} annotations: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.infos} notes${o.fix ? `, ${summary.fixed} fixed (written to ${o.fix})` : ''}`);
    }
    if (summary.errors > 0) throw new DataError(`${summary.errors} error(s) in ${input}${o.fix ? ' that --fix cannot repair' : ''}`);
  });
}

function line(f: ValidationFinding): string {
  return `${f.severity} ${f.code} ${f.file}${f.location ? ` ${f.location}` : ''}: ${f.message}${f.fixed ? ` (fixed: ${f.fixed})` : ''}`;
}

