/**
 * A passkey authenticator in software, for the server's tests: a P-256 key pair made with WebCrypto, and the
 * registration and sign-in answers built byte by byte as a browser hands them to a page (the JSON of
 * @simplewebauthn/browser), with its own small CBOR writer, so that the server's library reads bytes it did not write.
 * Its knobs make the answers a browser must never be trusted for: another origin, a counter that goes backwards.
 */

/** The CBOR this needs (RFC 8949): whole numbers, byte and text strings, maps. */
type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;

function cborHead(major: number, value: number): number[] {
  if (value < 24) return [(major << 5) | value];
  if (value < 0x100) return [(major << 5) | 24, value];
  if (value < 0x10000) return [(major << 5) | 25, value >> 8, value & 0xff];
  return [(major << 5) | 26, (value >>> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function cbor(value: Cbor): number[] {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return [...cborHead(3, bytes.length), ...bytes];
  }
  if (value instanceof Uint8Array) return [...cborHead(2, value.length), ...value];
  return [...cborHead(5, value.size), ...[...value].flatMap(([k, v]) => [...cbor(k), ...cbor(v)])];
}

export const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
const sha256 = async (bytes: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
const concat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const uint32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** WebCrypto signs ECDSA as r‖s; WebAuthn carries an ASN.1 DER SEQUENCE of two INTEGERs. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (half: Uint8Array) => {
    let i = 0;
    while (i < half.length - 1 && half[i] === 0) i++;
    const bytes = half[i] & 0x80 ? [0, ...half.slice(i)] : [...half.slice(i)];
    return [0x02, bytes.length, ...bytes];
  };
  const body = [...integer(raw.slice(0, 32)), ...integer(raw.slice(32))];
  return Uint8Array.from([0x30, body.length, ...body]);
}

export interface SignOptions {
  /** The origin the browser puts in clientDataJSON (a page on another site would have its own). */
  origin: string;
  /** The signature counter to report in this answer alone (a cloned key's); by default one more than the last. */
  counter?: number;
}

export interface SoftwareAuthenticator {
  credentialId: string;
  /** `navigator.credentials.create()` answered, as RegistrationResponseJSON. */
  register(options: { challenge: string; rp: { id?: string } }, sign: SignOptions): Promise<Record<string, unknown>>;
  /** `navigator.credentials.get()` answered, as AuthenticationResponseJSON; `rpId` when the options leave it out. */
  authenticate(options: { challenge: string; rpId?: string }, sign: SignOptions): Promise<Record<string, unknown>>;
}

export async function softwareAuthenticator(userHandle = 'owner'): Promise<SoftwareAuthenticator> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
  const id = crypto.getRandomValues(new Uint8Array(16));
  let counter = 0;
  let rpId = '';
  // A COSE_Key: kty EC2 (1: 2), alg ES256 (3: -7), crv P-256 (-1: 1), x (-2), y (-3).
  const coseKey = new Map<number, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, fromBase64url(jwk.x!)], [-3, fromBase64url(jwk.y!)]]);
  const clientData = (type: string, challenge: string, origin: string) =>
    new TextEncoder().encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  // Flags: user present (0x01) and verified (0x04); with attested credential data (0x40) at registration.
  const UP_UV = 0x05;
  const AT = 0x40;
  const nextCount = (sign: SignOptions) => sign.counter ?? ++counter;

  return {
    credentialId: base64url(id),
    async register(options, sign) {
      rpId = options.rp.id ?? new URL(sign.origin).hostname;
      const authData = concat(await sha256(new TextEncoder().encode(rpId)), [UP_UV | AT], uint32(nextCount(sign)), new Uint8Array(16), [0, id.length], id, cbor(coseKey));
      const attestationObject = Uint8Array.from(cbor(new Map<string, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]])));
      return {
        id: base64url(id),
        rawId: base64url(id),
        type: 'public-key',
        response: {
          clientDataJSON: base64url(clientData('webauthn.create', options.challenge, sign.origin)),
          attestationObject: base64url(attestationObject),
          transports: ['internal', 'hybrid'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
    async authenticate(options, sign) {
      const authData = concat(await sha256(new TextEncoder().encode(options.rpId ?? rpId)), [UP_UV], uint32(nextCount(sign)));
      const data = clientData('webauthn.get', options.challenge, sign.origin);
      const signed = concat(authData, await sha256(data));
      const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, signed as Uint8Array<ArrayBuffer>));
      return {
        id: base64url(id),
        rawId: base64url(id),
        type: 'public-key',
        response: {
          clientDataJSON: base64url(data),
          authenticatorData: base64url(authData),
          signature: base64url(derSignature(raw)),
          userHandle: base64url(new TextEncoder().encode(userHandle)),
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
  };
}
