// The key types certpage offers, apart from keys.ts so the setup form can list them without the key code.
export type KeyType = 'P-256' | 'P-384' | 'RSA-2048' | 'RSA-3072' | 'RSA-4096';
export const KEY_TYPES: readonly KeyType[] = ['P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'RSA-4096'];
