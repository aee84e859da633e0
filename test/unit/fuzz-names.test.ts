// Property-based fuzzing (test/fuzz/): the names box (parseNames): a result, or CryptoInputError too-large.
import { fuzzTests } from '../fuzz/unit.ts';

fuzzTests(['names']);
