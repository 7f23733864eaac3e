/** A file part of a multipart/form-data request. */
export interface UploadedFile {
  uploaded: true;
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** Whether a value is an uploaded file part. */
export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as UploadedFile).uploaded === true;
}
