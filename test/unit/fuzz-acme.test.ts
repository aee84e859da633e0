// Property-based fuzzing (test/fuzz/): Link and Retry-After headers (never an error) and ARI renewalInfo bodies (AcmeProtocolError only), problem documents (always an AcmeProblemError).
import { fuzzTests } from '../fuzz/unit.ts';

fuzzTests(['headers', 'ari', 'problem']);
