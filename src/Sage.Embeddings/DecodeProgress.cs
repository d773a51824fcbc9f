namespace Sage.Embeddings;

/// <summary>
/// Progress of a job as decoded time over duration. Frames and audio are decoded at the same time;
/// the job is as far as the slower of the two.
/// </summary>
internal sealed class DecodeProgress
{
    private readonly IProgress<double>? _progress;
    private readonly double _duration;
    private readonly Lock _lock = new();
    private double _videoSeconds;
    private double _audioSeconds;
    private double _lastReported = -1;

    public DecodeProgress(IProgress<double>? progress, double durationSeconds, bool tracksVideo, bool tracksAudio)
    {
        _progress = progress;
        _duration = durationSeconds;
        _videoSeconds = tracksVideo ? 0 : double.PositiveInfinity;
        _audioSeconds = tracksAudio ? 0 : double.PositiveInfinity;
    }

    public void VideoAt(double seconds) => Update(ref _videoSeconds, seconds);

    public void AudioAt(double seconds) => Update(ref _audioSeconds, seconds);

    public void Done()
    {
        lock (_lock)
        {
            _lastReported = 1;
        }

        _progress?.Report(1);
    }

    private void Update(ref double field, double seconds)
    {
        if (_progress is null)
        {
            return;
        }

        double fraction;
        lock (_lock)
        {
            field = seconds;
            fraction = Math.Clamp(Math.Min(_videoSeconds, _audioSeconds) / _duration, 0, 0.999);
            // Reports every half per cent, not every frame, so subscribers (SSE) are not flooded.
            if (fraction - _lastReported < 0.005)
            {
                return;
            }

            _lastReported = fraction;
        }

        _progress.Report(fraction);
    }
}
