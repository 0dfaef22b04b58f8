/**
 * The audit seal's contract, shared by the writer (plugins/audit-seal, in sink-file's worker) and
 * the verifier (`logwarden verify`): keys and their ratchet, the seal line, the verifier itself.
 */
export {
  KeyWalker,
  advance,
  epochOf,
  epochStart,
  firstSigningKey,
  formatVerificationKey,
  keyId,
  macKey,
  newSeed,
  parseVerificationKey,
  ratchet,
  readSigningKey,
  sameMac,
  writeSigningKey,
  type EpochClock,
  type SigningKey,
  type VerificationKey,
} from './keys.js'
export {
  DIGEST_TAG,
  FNV_OFFSET,
  KEY_FILE,
  SEAL_DIR,
  computeMac,
  fnv1a,
  lineTime,
  parseSeal,
  sealFileName,
  sealInput,
  unpackLoc,
  type Seal,
} from './seal-record.js'
export { PRUNED_KIND, checkpointInput, computeCheckpointMac, parseCheckpoint, type PruneCheckpoint } from './prune-record.js'
export { CERTS_FILE, advanceEd25519, epochPublicKeys, newEd25519Key, type EpochCert } from './ed25519.js'
export { checkerFor, signerFor, type SealChecker, type SealSigner } from './signer.js'
export { verifyDir, type CategoryReport, type Problem, type VerifyOptions, type VerifyReport } from './verify.js'
export { SealErrors } from './errors.js'
