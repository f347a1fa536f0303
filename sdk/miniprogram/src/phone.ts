// <button open-type="getPhoneNumber" bindgetphonenumber="…">: the event carries `detail.code` (the
// phone code WeGate exchanges at wxa/business/getuserphonenumber) or, when there is none, why not.
import { WeGateError } from './errors.js';

export interface PhoneNumberEvent {
  detail: { code?: string; errMsg?: string; errno?: number };
}

export function phoneCodeOf(event: PhoneNumberEvent): string {
  const detail = event?.detail ?? {};
  if (typeof detail.code === 'string' && detail.code !== '') return detail.code;
  const errMsg = detail.errMsg ?? 'getPhoneNumber:fail (no code in the event)';
  // "getPhoneNumber:fail user deny" (older clients: "…:fail:user deny", "…:fail user cancel").
  if (/deny|cancel/i.test(errMsg)) {
    return refuse('phone_denied', `The person declined to share their phone number (${errMsg}). `
      + 'Call login() to sign in without it, or say why the number is needed and let them tap again');
  }
  // errno 1400001: the mini program has used up its phone-number verifications (a paid quota).
  return refuse('phone_unavailable', `getPhoneNumber gave no code (${errMsg}${detail.errno ? `, errno ${detail.errno}` : ''}). `
    + 'The phone button needs a verified (认证) mini program with quota left; sign in with login() meanwhile');
}

function refuse(code: 'phone_denied' | 'phone_unavailable', description: string): never {
  throw new WeGateError({ code, description });
}
