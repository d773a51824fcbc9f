// Keeps two <video> elements in step along the alignment path. The path is a list of steps:
// a pair (both play), a clip only in A (removed: A plays, B holds) or only in B (inserted: B
// plays, A holds). In a pair A leads and B follows: every 250 ms B's time is compared with A's
// mapped through the step, and B's playbackRate is nudged (or B is seeked when far off) so it
// stays within 0.1 s.

import { Store } from './store';
import type { AlignmentStep } from './types';

export interface Clock {
  a: number;
  b: number;
  playing: boolean;
  step: number;
  /** B's distance from where the path says it should be, in seconds (0 when holding). */
  drift: number;
}

const edge = 0.03;
const tolerance = 0.1;

function play(video: HTMLVideoElement): void {
  if (!video.paused) return;
  // A play() interrupted by pause() rejects; that is expected here, not an error.
  video.play().catch(() => undefined);
}

export class PlayerSync {
  readonly clock = new Store<Clock>({ a: 0, b: 0, playing: false, step: 0, drift: 0 });
  private a: HTMLVideoElement | null = null;
  private b: HTMLVideoElement | null = null;
  private steps: AlignmentStep[] = [];
  private k = 0;
  private playing = false;
  private timer: number | undefined;
  private lastCorrection = 0;
  private detach: (() => void) | null = null;

  attach(a: HTMLVideoElement, b: HTMLVideoElement): void {
    this.detach?.();
    this.a = a;
    this.b = b;
    const publish = () => this.publish();
    const ended = () => {
      if (this.playing && this.leader() === a && this.k >= this.lastIndex()) this.pause();
    };
    for (const video of [a, b]) {
      video.addEventListener('seeked', publish);
      video.addEventListener('loadedmetadata', publish);
    }
    a.addEventListener('ended', ended);
    b.addEventListener('ended', ended);
    this.detach = () => {
      for (const video of [a, b]) {
        video.removeEventListener('seeked', publish);
        video.removeEventListener('loadedmetadata', publish);
      }
      a.removeEventListener('ended', ended);
      b.removeEventListener('ended', ended);
    };
  }

  dispose(): void {
    this.pause();
    this.detach?.();
    this.detach = null;
  }

  setSteps(steps: AlignmentStep[]): void {
    this.steps = steps;
    this.k = this.a ? this.stepAtA(this.a.currentTime) : 0;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (!this.a || !this.b) return;
    // At the very end, start again from the beginning.
    if (this.a.ended || (this.k >= this.lastIndex() && this.a.currentTime >= (this.steps.at(-1)?.aEnd ?? Infinity) - edge)) {
      this.seekA(0);
    }
    this.playing = true;
    this.applyRoles();
    window.clearInterval(this.timer);
    this.timer = window.setInterval(() => this.follow(), 50);
    this.publish();
  }

  pause(): void {
    this.playing = false;
    window.clearInterval(this.timer);
    this.timer = undefined;
    this.a?.pause();
    this.b?.pause();
    if (this.b) this.b.playbackRate = this.a?.playbackRate ?? 1;
    this.publish();
  }

  /** Each player to its own start of the region's first step. */
  seekStep(index: number, aTime: number, bTime: number): void {
    if (!this.a || !this.b) return;
    this.k = Math.max(0, Math.min(index, this.lastIndex()));
    this.a.currentTime = aTime;
    this.b.currentTime = bTime;
    this.applyRoles();
    this.publish(aTime, bTime);
  }

  /** A to `t`, B to where the path puts it. */
  seekA(t: number): void {
    if (!this.a || !this.b) return;
    this.k = this.stepAtA(t);
    const step = this.steps[this.k];
    this.a.currentTime = t;
    const b = step ? this.expectedB(step, t) : t;
    this.b.currentTime = b;
    this.applyRoles();
    this.publish(t, b);
  }

  /** B to `t`, A to where the path puts it (inside an insertion, A waits at its point). */
  seekB(t: number): void {
    if (!this.a || !this.b) return;
    this.k = this.stepAtB(t);
    const step = this.steps[this.k];
    let a = t;
    if (step) {
      const span = step.bEnd - step.bStart;
      a = step.aIndex == null || span <= 0 ? step.aStart : step.aStart + ((t - step.bStart) * (step.aEnd - step.aStart)) / span;
    }
    this.a.currentTime = a;
    this.b.currentTime = t;
    this.applyRoles();
    this.publish(a, t);
  }

  private lastIndex(): number {
    return Math.max(0, this.steps.length - 1);
  }

  private leader(): HTMLVideoElement | null {
    return this.steps[this.k]?.aIndex == null && this.steps.length ? this.b : this.a;
  }

  private stepAtA(t: number): number {
    for (let i = 0; i < this.steps.length; i++) {
      const s = this.steps[i];
      if (s.aIndex != null && t < s.aEnd - edge / 2) return i;
    }
    return this.lastIndex();
  }

  private stepAtB(t: number): number {
    for (let i = 0; i < this.steps.length; i++) {
      const s = this.steps[i];
      if (s.bIndex != null && t < s.bEnd - edge / 2) return i;
    }
    return this.lastIndex();
  }

  private expectedB(step: AlignmentStep, a: number): number {
    if (step.bIndex == null || step.aIndex == null) return step.bStart;
    const span = step.aEnd - step.aStart;
    const rate = span > 0 ? (step.bEnd - step.bStart) / span : 1;
    return Math.min(step.bEnd, step.bStart + Math.max(0, a - step.aStart) * rate);
  }

  /** Who plays and who waits in the current step. */
  private applyRoles(): void {
    const a = this.a!;
    const b = this.b!;
    const step = this.steps[this.k];
    b.playbackRate = a.playbackRate;
    if (!this.playing) {
      a.pause();
      b.pause();
      return;
    }
    if (!step) {
      play(a);
      play(b);
    } else if (step.aIndex == null) {
      a.pause();
      play(b);
    } else if (step.bIndex == null) {
      play(a);
      b.pause();
    } else {
      play(a);
      play(b);
    }
  }

  private follow(): void {
    const a = this.a;
    const b = this.b;
    if (!a || !b || !this.playing) return;
    const step = this.steps[this.k];
    if (!step) {
      this.publish();
      return;
    }
    if (step.aIndex == null) {
      // An insertion: B plays through it while A waits at its point.
      if (b.currentTime >= step.bEnd - edge || b.ended) this.enter(this.k + 1);
    } else if (a.currentTime >= step.aEnd - edge && this.k < this.lastIndex()) {
      this.enter(this.k + 1);
    } else if (step.bIndex == null) {
      if (!b.paused) b.pause();
      if (Math.abs(b.currentTime - step.bStart) > tolerance) b.currentTime = step.bStart;
    } else {
      this.correct(step);
    }
    if (a.ended && this.k >= this.lastIndex()) {
      this.pause();
      return;
    }
    this.publish();
  }

  private enter(index: number): void {
    if (index > this.lastIndex()) {
      this.pause();
      return;
    }
    this.k = index;
    const step = this.steps[index];
    const a = this.a!;
    const b = this.b!;
    if (step.aIndex == null) {
      a.pause();
      if (Math.abs(a.currentTime - step.aStart) > tolerance) a.currentTime = step.aStart;
      if (Math.abs(b.currentTime - step.bStart) > tolerance) b.currentTime = step.bStart;
    } else if (step.bIndex != null && Math.abs(b.currentTime - step.bStart) > tolerance && b.currentTime < step.bStart) {
      b.currentTime = step.bStart;
    }
    this.applyRoles();
  }

  private correct(step: AlignmentStep): void {
    const a = this.a!;
    const b = this.b!;
    play(b);
    const now = performance.now();
    if (now - this.lastCorrection < 250) return;
    this.lastCorrection = now;
    const span = step.aEnd - step.aStart;
    const rate = span > 0 ? (step.bEnd - step.bStart) / span : 1;
    const drift = b.currentTime - this.expectedB(step, a.currentTime);
    const base = a.playbackRate * Math.min(2, Math.max(0.5, rate));
    if (Math.abs(drift) > 0.3) {
      // Far off (a stall, a slow seek): jump, a little ahead, since seeking takes time.
      b.currentTime = this.expectedB(step, a.currentTime) + 0.05;
      b.playbackRate = base;
    } else if (Math.abs(drift) > tolerance / 3) {
      // Close: catch up smoothly (0.1 s off plays 20 % faster or slower) instead of a visible jump.
      b.playbackRate = base * (1 - Math.max(-0.5, Math.min(0.5, drift * 2)));
    } else {
      b.playbackRate = base;
    }
  }

  private publish(aTime?: number, bTime?: number): void {
    const a = aTime ?? this.a?.currentTime ?? 0;
    const b = bTime ?? this.b?.currentTime ?? 0;
    const step = this.steps[this.k];
    const drift = step && step.aIndex != null && step.bIndex != null ? b - this.expectedB(step, a) : 0;
    this.clock.set({ a, b, playing: this.playing, step: this.k, drift });
  }
}
