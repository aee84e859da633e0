// What the setup form needs to know about a CA, as plain data (the UI never holds an AcmeClient).
import { connectCa } from './connect.ts';
import { presetFor, type CaPreset } from './presets.ts';
import { toProblem } from '../problems.ts';
import type { ProblemInfo } from '../outcome.ts';

export interface CaInfo {
  directoryUrl: string;
  termsOfService?: string;
  website?: string;
  eabRequired: boolean;
  profiles: Record<string, string>;
  caaIdentities: string[];
  preset?: CaPreset;
}

export async function describeCa(directoryUrl: string, early?: Promise<Response>): Promise<{ info?: CaInfo; problem?: ProblemInfo }> {
  try {
    const client = await connectCa(directoryUrl, early);
    const meta = client.meta;
    const info: CaInfo = {
      directoryUrl: client.directoryUrl,
      eabRequired: Boolean(meta.externalAccountRequired),
      profiles: meta.profiles ?? {},
      caaIdentities: meta.caaIdentities ?? [],
    };
    if (meta.termsOfService) info.termsOfService = meta.termsOfService;
    if (meta.website) info.website = meta.website;
    const preset = presetFor(client.directoryUrl);
    if (preset) info.preset = preset;
    return { info };
  } catch (err) {
    return { problem: toProblem(err) };
  }
}
