/** The key files and AES-GCM sealing live in platform/secret-box.ts (TOTP and webhooks use them too). */
export { decryptSecret, encryptSecret, secretKey } from '../../platform/secret-box.ts';
