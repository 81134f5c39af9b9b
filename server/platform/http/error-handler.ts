import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isForeignKeyViolation } from '../db/constraint-violations.ts';
import { AppError, type ErrorCode, STATUS_OF } from '../errors.ts';

interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> } & Record<string, unknown>;
}

function body(code: ErrorCode, message: string, fields?: Record<string, string>, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(fields ? { fields } : {}), ...(details ?? {}) } };
}

/** Turns a zod validation failure into `fields`: "subject" → "Too long: at most 250 characters." */
function validationFields(error: FastifyError): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!hasZodFastifySchemaValidationErrors(error)) return fields;
  for (const issue of error.validation) {
    const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const keys = (issue.params as { keys?: unknown }).keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      for (const key of keys) fields[path ? `${path}.${String(key)}` : String(key)] = 'Unknown field.';
      continue;
    }
    fields[path || (error.validationContext ?? 'body')] ??= issue.message;
  }
  return fields;
}

/** Maps every error to the contract's error body. Nothing a client sends yields a 500. */
export function errorHandler(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    void reply.status(STATUS_OF[error.code]).send(body(error.code, error.message, error.fields, error.details));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = validationFields(error);
    const where = error.validationContext === 'querystring' ? 'query parameters' : error.validationContext === 'params' ? 'address' : 'request';
    void reply.status(400).send(body('invalid_input', `Some ${where} fields are invalid; see "fields".`, fields));
    return;
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      void reply.status(413).send(body('too_large', 'The request body is too large.'));
      return;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      void reply.status(415).send(body('unsupported_media_type', 'Send the request body as application/json.'));
      return;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      void reply.status(400).send(body('invalid_json', 'The request body is not valid JSON.'));
      return;
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      void reply.status(413).send(body('too_large', 'The upload is too large or has too many parts.'));
      return;
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      void reply.status(415).send(body('unsupported_media_type', 'Send files as multipart/form-data.'));
      return;
  }
  if (isForeignKeyViolation(error)) {
    // The delete's own check missed a reference: still the client's answer, and worth a log line.
    request.log.warn({ err: error }, 'a reference kept a row from being deleted or changed');
    void reply.status(409).send(body('in_use', 'This is still used elsewhere; deactivate it instead of deleting it.'));
    return;
  }
  const status = error.statusCode ?? 500;
  if (status === 429) {
    void reply.status(429).send(body('rate_limited', 'Too many attempts. Please wait a minute and try again.'));
    return;
  }
  if (status >= 400 && status < 500) {
    if (error instanceof SyntaxError || /JSON/i.test(error.message)) {
      void reply.status(400).send(body('invalid_json', 'The request body is not valid JSON.'));
      return;
    }
    void reply.status(400).send(body('invalid_input', 'The request could not be read.'));
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send(body('internal', 'Something went wrong on our side. The error was logged.'));
}
