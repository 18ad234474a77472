import type { Response } from 'express';

/**
 * Answers 200 with a JSON body given as pieces (views of bytes kept elsewhere), written back
 * to back under one cork: the body is never copied into a buffer of its own.
 */
export function sendJsonPieces(response: Response, pieces: readonly Buffer[]): void {
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  response.status(200).type('application/json').set('Content-Length', String(length));
  response.cork();
  for (const piece of pieces) response.write(piece);
  response.end();
}
