// segkit/node: everything in `segkit`, plus files, folders and node:zlib for the dataset formats.
// The only entry that imports Node built-ins; `segkit` itself stays browser-safe. This file only
// re-exports.
export * from '../index';
export { fileSource, fileSink, folderFiles, type FileSinkOptions } from './files';
export { nodeZlib } from './zlib';
export {
  readCocoFile, writeCocoFile, readCocoPanopticFiles, writeCocoPanopticFiles, readSemanticPngFolder,
  writeSemanticPngFolder, readInstancePngFolder, writeInstancePngFolder, readPngFile, writePngFile,
} from './datasets';
export {
  readYoloSegFolder, writeYoloSegFolder, readLabelmeFolder, writeLabelmeFolder, writeLabelmeVocFolder, readPolygonJsonFolder,
  writePolygonJsonFolder, imageSizeFile,
} from './formats';
