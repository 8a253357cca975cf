// Converts between document URIs and the absolute paths the analysis core speaks. Non-file URIs
// (untitled buffers) keep their URI as their "path" so findings still map back to them.
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function pathToUri(path: string): string {
  if (!path.startsWith('/')) return path;
  return pathToFileURL(path).href;
}
