/** Checks what the console (and the merchant API's invites) send, beside `validate.ts`. */
import type { NewInviteRequest, ResolveRequest } from '../../contract/console.ts';
import { ApiError } from '../errors.ts';

/** Text for one line that a person typed: no control, bidi-override or isolate characters. */
const PLAIN_LINE = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+$/;

/** `{role, name}`: the owner's invite has no name; a staff member's has 1 to 60 characters of plain text. */
export function parseInviteRequest(body: Record<string, unknown>): NewInviteRequest {
  if (body.role !== 'owner' && body.role !== 'staff') throw new ApiError(400, 'invalid_role', 'role must be owner or staff');
  if (body.role === 'owner') {
    if (body.name !== undefined) throw new ApiError(400, 'invalid_name', "The owner's invite has no name");
    return { role: 'owner' };
  }
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name || [...name].length > 60 || !PLAIN_LINE.test(name)) {
    throw new ApiError(400, 'invalid_name', "A staff member's name is 1 to 60 characters of plain text, on one line");
  }
  return { role: 'staff', name };
}

export function parseFound(value: unknown): ResolveRequest['found'] {
  if (value !== 'paid' && value !== 'not_paid') throw new ApiError(400, 'invalid_found', 'found must be paid or not_paid');
  return value;
}

/** `?q=`: a ref1, an id_pay or a link's id to look for; none when empty. */
export function parseSearch(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const q = value.trim();
  if ([...q].length > 64 || !PLAIN_LINE.test(q)) throw new ApiError(400, 'invalid_query', 'q must be a reference, a payment id or a link id');
  return q;
}
