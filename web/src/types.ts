// The server's JSON shapes (camelCase), as in src/Sage.Server (Videos/VideoResponse.cs, Fingerprints/FingerprintStatus.cs,
// Comparisons/ComparisonResponse.cs, Auth/TokensApi.cs). Written by hand from those records: keep them in step.

export type VideoStatus = 'uploaded' | 'ready' | 'failed';
export type EmbeddingStatus = 'pending' | 'processing' | 'ready' | 'failed' | 'cancelled';

export interface VideoProbe {
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  framesPerSecond: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  hasAudio: boolean;
}

export interface EmbeddingSummary {
  status: EmbeddingStatus;
  engine: string | null;
  model: string | null;
  progress: number;
  error: string | null;
  dimension: number | null;
  clipLength: number | null;
  notes: string | null;
}

export type FingerprintStatus = 'pending' | 'processing' | 'ready' | 'failed' | 'cancelled';

export interface FingerprintSummary {
  status: FingerprintStatus;
  progress: number;
  error: string | null;
}

export interface Video {
  id: string;
  fileName: string;
  size: number;
  contentType: string;
  sha256: string;
  storageKey: string;
  createdAt: string;
  status: VideoStatus;
  error: string | null;
  contentUrl: string;
  thumbnailUrl: string | null;
  probe: VideoProbe | null;
  embedding: EmbeddingSummary | null;
  fingerprint: FingerprintSummary | null;
}

export type RegionKind = 'same' | 'changed' | 'inserted' | 'removed' | 'moved';

export type ComparisonPrecision = 'clip' | 'frame';

/** Frames [start, end) of one video at its own frame rate. */
export interface FrameRange {
  start: number;
  end: number;
}

/** 0–1 of the frame's width or height, from its top left. */
export interface DifferenceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type SoundChange = 'silence' | 'level' | 'content' | 'speech';

export interface RegionDifference {
  picture: boolean;
  sound: boolean;
  boxes: DifferenceBox[];
  soundChange: SoundChange | null;
  /** Seconds in A of the most different frame pair (the difference image shows it). */
  peakA: number;
  peakB: number;
}

export interface NoiseFloor {
  picture: number;
  sound: number | null;
}

export interface ComparedVideo {
  id: string;
  fileName: string;
  duration: number;
}

export interface AlignmentStep {
  aIndex: number | null;
  bIndex: number | null;
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  distance: number | null;
  optionDistances: number[] | null;
  kind: RegionKind;
}

export interface Region {
  kind: RegionKind;
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  meanDistance: number | null;
  maxDistance: number | null;
  optionDistances: Record<string, number>;
  /** The server's words for what differs (changed regions only). */
  label: string | null;
  aFrames: FrameRange | null;
  bFrames: FrameRange | null;
  isShort: boolean;
  difference: RegionDifference | null;
}

export interface ComparisonStatistics {
  similarityPercent: number;
  secondsSame: number;
  secondsChanged: number;
  secondsInserted: number;
  secondsRemoved: number;
  clipsCompared: number;
  clipsChanged: number;
  secondsMoved: number;
}

export type ComparisonMode = 'aligned' | 'index';

export interface Comparison {
  id: string;
  videoA: ComparedVideo;
  videoB: ComparedVideo;
  mode: ComparisonMode;
  threshold: number;
  thresholdWasAutomatic: boolean;
  engine: string | null;
  model: string | null;
  options: string[];
  weights: Record<string, number>;
  regions: Region[];
  steps: AlignmentStep[];
  statistics: ComparisonStatistics;
  createdAt: string;
  precision: ComparisonPrecision;
  frameRateA: number | null;
  frameRateB: number | null;
  noiseFloor: NoiseFloor | null;
}

export interface TwelveLabsKeyStatus {
  configured: boolean;
  valid: boolean | null;
  hint: string | null;
  source: string | null;
  state?: string | null;
}

export type EngineChoice = 'auto' | 'local' | 'twelvelabs';

export interface EngineSetting {
  defaultEngine: EngineChoice | null;
  source?: string | null;
  effectiveEngine?: string | null;
}

export type AuthMode = 'None' | 'Token';

/** GET/POST /api/session: the server's auth mode and the caller's role (null when not signed in). */
export interface SessionInfo {
  mode: AuthMode;
  role: string | null;
}
