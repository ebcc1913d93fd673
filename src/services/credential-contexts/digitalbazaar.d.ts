// The Digital Bazaar VC libraries ship no types: the little of them that certificate-credential.ts uses.

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>
}

declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, object>
}

declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id?: string
    controller?: string
    publicKeyMultibase: string
    publicKey: Uint8Array
    signer(): { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> }
  }
  export function from(key: object): Promise<Ed25519KeyPair>
  export function fromJwk(options: {
    jwk: object
    secretKey?: boolean
    id?: string
    controller?: string
  }): Promise<Ed25519KeyPair>
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: {
    name: string
    requiredAlgorithm: string
    canonize(input: object, options: { documentLoader: (url: string) => Promise<unknown> }): Promise<string>
  }
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: object; cryptosuite: object; date?: string | Date | null })
  }
}

declare module '@digitalbazaar/vc' {
  export type DocumentLoader = (
    url: string,
  ) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>
  export function issue(options: {
    credential: object
    suite: object
    documentLoader: DocumentLoader
    now?: string | Date
  }): Promise<Record<string, unknown>>
  export function verifyCredential(options: {
    credential: object
    suite: object | object[]
    documentLoader: DocumentLoader
    now?: string | Date
  }): Promise<{
    verified: boolean
    error?: Error & { errors?: Error[] }
    results?: { verified: boolean; error?: Error & { errors?: Error[] } }[]
  }>
}
