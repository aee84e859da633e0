// Reading a CA's response body with a size cap: as a stream, counted, and given up at the cap, so a broken or
// hostile server cannot make the page hold (or render) megabytes. Content-Length only refuses early; it is not
// trusted to be true.
import { AcmeProtocolError } from './errors.ts';
import { msg, str } from '../words/words.ts';

/**
 * JSON answers (directory, account, order, authorization, problem document, ARI): the largest real ones, an order
 * of 100 names or a problem with a subproblem per name, are a few tens of KB. 256 KB leaves ample room.
 */
export const ACME_JSON_MAX_BYTES = 256 * 1024;

/**
 * Certificate chains (application/pem-certificate-chain): a leaf with 100 names and two issuers is under 20 KB;
 * 1 MB matches the PEM reader's own cap (crypto/pem.ts), so whatever is downloaded can also be read.
 */
export const ACME_CHAIN_MAX_BYTES = 1024 * 1024;

const sizeWords = (n: number): string => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : `${n / 1024} KB`);

/** The body as text (UTF-8), or AcmeProtocolError as soon as it passes `limit` bytes. */
export async function readBody(res: Response, url: string, limit: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const tooLarge = async (): Promise<never> => {
    await reader.cancel().catch(() => undefined);
    const size = sizeWords(limit);
    throw new AcmeProtocolError(
      url,
      msg(str`The CA sent an answer of more than ${size}; no ACME answer is that large, so it was not read.`),
      msg('Try again later. If it happens again, the CA (or something between this page and the CA) is broken; choose another CA.'),
    );
  };
  if (Number(res.headers.get('Content-Length') ?? '') > limit) return tooLarge();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) return tooLarge();
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
