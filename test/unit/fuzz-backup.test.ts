// Property-based fuzzing (test/fuzz/): backup files (decryptBackup envelope) and their contents (unpackBackup): CryptoInputError only.
import { fuzzTests } from '../fuzz/unit.ts';

fuzzTests(['backup-file', 'backup-contents']);
