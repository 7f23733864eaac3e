import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { BadRequestError } from '../errors.ts';
import type { UploadedKnowledgeFile } from './manage-knowledge.ts';

export const MAX_KNOWLEDGE_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_KNOWLEDGE_FILES = 20;
/** The form field the files come in. */
export const KNOWLEDGE_FILES_FIELD = 'files';

const MULTER_MESSAGES: Partial<Record<multer.ErrorCode, { status: number; message: string }>> = {
  LIMIT_FILE_SIZE: { status: 413, message: `A file is larger than ${MAX_KNOWLEDGE_FILE_BYTES / 1024 / 1024} MB.` },
  LIMIT_FILE_COUNT: { status: 413, message: `Upload at most ${MAX_KNOWLEDGE_FILES} files at once.` },
  LIMIT_UNEXPECTED_FILE: { status: 400, message: `Send the files in the "${KNOWLEDGE_FILES_FIELD}" field.` },
};

/**
 * Parses a `multipart/form-data` upload of knowledge files into memory, with
 * size and count limits; limit breaches and malformed bodies become clear 4xx
 * errors. Other form fields land in `req.body` as strings.
 */
export function receiveKnowledgeFiles(): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    // Browsers send file names as raw UTF-8 without a charset parameter.
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_KNOWLEDGE_FILE_BYTES, files: MAX_KNOWLEDGE_FILES, fields: 20, fieldSize: 64 * 1024 },
  }).array(KNOWLEDGE_FILES_FIELD, MAX_KNOWLEDGE_FILES);
  return (req, res, next) => {
    if (!req.is('multipart/form-data'))
      return next(new BadRequestError('Send the files as multipart/form-data.', 415, 'unsupported_media_type'));
    parse(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        const known = MULTER_MESSAGES[error.code];
        return next(new BadRequestError(known?.message ?? `The upload was refused: ${error.message}.`, known?.status ?? 400));
      }
      // busboy's own parse errors (truncated or malformed bodies).
      next(new BadRequestError(`The upload could not be read: ${error instanceof Error ? error.message : String(error)}.`));
    });
  };
}

/** The files `receiveKnowledgeFiles` parsed. */
export function knowledgeFilesOf(req: Request): UploadedKnowledgeFile[] {
  const files = (req.files ?? []) as Express.Multer.File[];
  return files.map((file) => ({
    name: file.originalname,
    bytes: new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength),
  }));
}
