// The server's JSON shapes (camelCase), as in src/Sage.Server.

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
}

export type RegionKind = 'same' | 'changed' | 'inserted' | 'removed';

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
  label?: string | null;
}

export interface ComparisonStatistics {
  similarityPercent: number;
  secondsSame: number;
  secondsChanged: number;
  secondsInserted: number;
  secondsRemoved: number;
  clipsCompared: number;
  clipsChanged: number;
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
