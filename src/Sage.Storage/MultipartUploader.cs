using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sage.Storage;

/// <summary>
/// Streams a source into an <see cref="IObjectStore"/> as a multipart upload: reads one part at a
/// time into a buffer from the shared <see cref="PartBufferPool"/>, sends up to
/// <see cref="StorageOptions.MaxPartsInFlight"/> parts at once, and retries transient failures.
/// Memory use is bounded by the pool, whatever the size of the source. An
/// <see cref="IInPlacePartStore"/> (the file store) is handed each part's bytes while the rest of the
/// part is still being read.
/// </summary>
public sealed class MultipartUploader
{
    private static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(10);

    // Large enough that a 10 MiB part is a handful of writes, small enough that little is left to write once its last byte arrives.
    private const int InPlacePieceBytes = 256 * 1024;

    private readonly IObjectStore _store;
    private readonly IInPlacePartStore? _inPlaceStore;
    private readonly PartBufferPool _pool;
    private readonly StorageOptions _options;
    private readonly ILogger<MultipartUploader> _logger;

    private readonly StorageMetrics? _metrics;

    // The uploads UploadAsync has open right now: no one else will ever finish or abort them, so a sweep must leave them be.
    private readonly ConcurrentDictionary<string, byte> _uploading = new(StringComparer.Ordinal);

    public MultipartUploader(IObjectStore store, PartBufferPool pool, IOptions<StorageOptions> options, ILogger<MultipartUploader> logger, StorageMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _inPlaceStore = store as IInPlacePartStore;
        _pool = pool;
        _options = options.Value;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The store uploads go to.</summary>
    public IObjectStore Store => _store;

    /// <summary>True while <see cref="UploadAsync"/> is writing the multipart upload with this id (in this process).</summary>
    public bool IsUploading(string uploadId) => _uploading.ContainsKey(uploadId);

    /// <summary>
    /// The configured part size, grown (to a whole MiB) when <paramref name="declaredLength"/> would
    /// otherwise need more than 10,000 parts.
    /// </summary>
    /// <exception cref="ObjectTooLargeException">Over 5 TiB, or needing parts larger than the buffer budget.</exception>
    public long PartSizeFor(long? declaredLength)
    {
        var partSize = PartSizeFor(declaredLength, _options.PartSize);
        if (partSize > _pool.BudgetBytes)
        {
            throw new ObjectTooLargeException(
                $"An object of {declaredLength} bytes needs parts of {partSize} bytes, more than the whole buffer budget of {_pool.BudgetBytes} bytes (Sage:Storage:BufferBudgetBytes).");
        }

        return partSize;
    }

    /// <summary>
    /// Refuses at once an object of <paramref name="length"/> bytes that a store on a local disk has no room
    /// for (keeping <see cref="StorageOptions.FreeSpaceReserveBytes"/> free). A store without a disk of its own passes.
    /// </summary>
    /// <exception cref="InsufficientStorageException">The disk has too little room.</exception>
    public void EnsureRoomFor(long length)
    {
        if (_store.AvailableBytes is { } available && available - _options.FreeSpaceReserveBytes is var room && length > room)
        {
            throw new InsufficientStorageException($"The upload of {length} bytes does not fit: the store has room for {Math.Max(room, 0)} more bytes.");
        }
    }

    /// <summary>The part size rule on its own: <paramref name="configuredPartSize"/>, grown to fit 10,000 parts.</summary>
    public static long PartSizeFor(long? declaredLength, long configuredPartSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(configuredPartSize, StorageOptions.MinPartSize);
        if (declaredLength is not { } length)
        {
            return configuredPartSize;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(length, nameof(declaredLength));
        if (length > StorageOptions.MaxObjectSize)
        {
            throw new ObjectTooLargeException($"An object of {length} bytes is larger than the 5 TiB an object store accepts.");
        }

        if (length <= configuredPartSize * StorageOptions.MaxParts)
        {
            return configuredPartSize;
        }

        var needed = (length + StorageOptions.MaxParts - 1) / StorageOptions.MaxParts;
        return (needed + StorageOptions.MiB - 1) / StorageOptions.MiB * StorageOptions.MiB;
    }

    /// <summary>
    /// Uploads the whole of <paramref name="source"/> (to its end, whatever <paramref name="declaredLength"/>
    /// says; null when unknown) as the object <paramref name="key"/>. On any failure or cancellation the
    /// multipart upload is aborted before the cause is rethrown, so nothing is left behind.
    /// </summary>
    /// <exception cref="ObjectTooLargeException">Thrown before anything is read when the declared length cannot be stored.</exception>
    /// <exception cref="EmptyUploadException">The source held no bytes (the upload was aborted).</exception>
    public async Task<UploadSummary> UploadAsync(Stream source, string key, ObjectMetadata metadata, long? declaredLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(metadata);
        ObjectKeys.Validate(key);
        var partSize = PartSizeFor(declaredLength);
        var fileName = metadata.OriginalFileName;

        var stopwatch = Stopwatch.StartNew();
        var upload = await _store.CreateMultipartUploadAsync(key, metadata, partSize, cancellationToken).ConfigureAwait(false);
        _uploading.TryAdd(upload.UploadId, 0);
        StorageLog.UploadStarted(_logger, _store.Provider, fileName, key, partSize, declaredLength);
        try
        {
            var run = await RunPartsAsync(upload, source, 1, keptBytes: 0, sourceEndsObject: true, onPartUploaded: null, remainderSink: null, fileName, cancellationToken)
                .ConfigureAwait(false);
            if (run.BytesUploaded == 0)
            {
                throw new EmptyUploadException($"'{fileName}' is empty.");
            }

            await _store.CompleteMultipartUploadAsync(upload, run.Parts, cancellationToken).ConfigureAwait(false);
            var duration = stopwatch.Elapsed;
            var megabytesPerSecond = Math.Round(run.BytesUploaded / 1_000_000.0 / Math.Max(duration.TotalSeconds, 1e-6), 1);
            StorageLog.UploadCompleted(_logger, _store.Provider, key, run.BytesUploaded, run.Parts.Count, (long)duration.TotalMilliseconds, megabytesPerSecond);
            return new UploadSummary(key, run.BytesUploaded, run.Parts.Count, partSize, duration);
        }
        catch (Exception e)
        {
            if (e is EmptyUploadException)
            {
                StorageLog.UploadEmpty(_logger, fileName, key, upload.UploadId);
            }
            else if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                StorageLog.UploadCancelled(_logger, fileName, key, upload.UploadId);
            }
            else
            {
                StorageLog.UploadFailed(_logger, e, fileName, key, upload.UploadId);
            }

            await AbortQuietlyAsync(upload).ConfigureAwait(false);
            throw;
        }
        finally
        {
            _uploading.TryRemove(upload.UploadId, out _);
        }
    }

    /// <summary>
    /// Uploads whole parts read from <paramref name="source"/> into an existing multipart upload,
    /// numbering them from <paramref name="firstPartNumber"/>. For tus: it never aborts the upload,
    /// whatever happens, so the upload can be resumed.
    /// </summary>
    /// <param name="upload">An open multipart upload; every part but the last has its part size.</param>
    /// <param name="source">Read to its end.</param>
    /// <param name="firstPartNumber">The number of the first part this run uploads (1-based).</param>
    /// <param name="sourceEndsObject">
    /// True when the end of <paramref name="source"/> is the end of the object: a short trailing part is
    /// uploaded as the last part. False when more bytes will follow in a later run: trailing bytes that do
    /// not fill a part are written to <paramref name="remainderSink"/> instead (none are lost).
    /// </param>
    /// <param name="onPartUploaded">
    /// Called once per part as soon as the store has it, so the caller can persist its ETag. Parts finish
    /// out of order, so calls come in completion order, not part-number order, but never two at once.
    /// A callback that throws fails the run.
    /// </param>
    /// <param name="remainderSink">Required when <paramref name="sourceEndsObject"/> is false.</param>
    /// <remarks>
    /// On failure or cancellation, the parts already uploaded stay in the store (each was reported to
    /// <paramref name="onPartUploaded"/>) and the exception is rethrown after all parts in flight have settled.
    /// </remarks>
    public Task<PartRunResult> UploadPartsAsync(
        MultipartUpload upload,
        Stream source,
        int firstPartNumber,
        bool sourceEndsObject,
        Func<UploadedPart, CancellationToken, ValueTask>? onPartUploaded,
        Stream? remainderSink,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstPartNumber, 1);
        if (!sourceEndsObject && remainderSink is null)
        {
            throw new ArgumentNullException(nameof(remainderSink), "A run that does not end the object needs somewhere to put its trailing bytes.");
        }

        ThrowIfPartsDoNotFit(upload);
        return RunPartsAsync(upload, source, firstPartNumber, keptBytes: 0, sourceEndsObject, onPartUploaded, remainderSink, FileNameOf(upload.Key), cancellationToken);
    }

    /// <summary>True when the store can keep trailing bytes in place (<see cref="UploadPartsInPlaceAsync"/>).</summary>
    public bool KeepsRemaindersInPlace => _inPlaceStore is not null;

    /// <summary>
    /// <see cref="UploadPartsAsync"/> for an <see cref="IInPlacePartStore"/>, with no remainder sink: trailing
    /// bytes that do not fill a part are written in place as the start of that part and counted in
    /// <see cref="PartRunResult.RemainderBytes"/>; the next run passes that count as <paramref name="keptBytes"/>
    /// and the part goes on from there. A tus PATCH thus writes every byte once.
    /// </summary>
    /// <param name="keptBytes">Bytes at the start of part <paramref name="firstPartNumber"/> already in place (less than a part).</param>
    /// <exception cref="InvalidOperationException">The store is not an <see cref="IInPlacePartStore"/>.</exception>
    public Task<PartRunResult> UploadPartsInPlaceAsync(
        MultipartUpload upload,
        Stream source,
        int firstPartNumber,
        long keptBytes,
        bool sourceEndsObject,
        Func<UploadedPart, CancellationToken, ValueTask>? onPartUploaded,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstPartNumber, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(keptBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(keptBytes, upload.PartSize);
        if (_inPlaceStore is null)
        {
            throw new InvalidOperationException($"{_store.Provider} does not keep parts in place; use UploadPartsAsync with a remainder sink.");
        }

        ThrowIfPartsDoNotFit(upload);
        return RunPartsAsync(upload, source, firstPartNumber, keptBytes, sourceEndsObject, onPartUploaded, remainderSink: null, FileNameOf(upload.Key), cancellationToken);
    }

    // remainderSink null: the run keeps its remainder in place (an in-place store).
    private async Task<PartRunResult> RunPartsAsync(
        MultipartUpload upload,
        Stream source,
        int firstPartNumber,
        long keptBytes,
        bool sourceEndsObject,
        Func<UploadedPart, CancellationToken, ValueTask>? onPartUploaded,
        Stream? remainderSink,
        string fileName,
        CancellationToken cancellationToken)
    {
        var partSize = checked((int)upload.PartSize);
        using var run = new PartRun(upload, onPartUploaded, cancellationToken);
        var runToken = run.Cancellation.Token;

        // One slot per part in flight, plus one for the part being read.
        using var slots = new SemaphoreSlim(_options.MaxPartsInFlight + 1);
        var inFlight = new List<Task>();
        var partNumber = firstPartNumber;
        long remainderBytes = 0;
        try
        {
            while (true)
            {
                await slots.WaitAsync(runToken).ConfigureAwait(false);
                byte[] buffer;
                try
                {
                    buffer = await _pool.RentAsync(partSize, runToken).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                int filled;
                IInPlacePart? inPlacePart = null;
                try
                {
                    // A part past the last one S3 allows is refused below, once read; it is not written before that.
                    var inPlace = partNumber <= StorageOptions.MaxParts ? _inPlaceStore : null;
                    var kept = partNumber == firstPartNumber ? (int)keptBytes : 0;
                    if (kept > 0)
                    {
                        inPlacePart = (inPlace ?? throw TooManyParts(upload, partSize)).OpenPart(upload, partNumber);
                        await inPlacePart.ResumeAsync(buffer.AsMemory(0, kept), runToken).ConfigureAwait(false);
                    }

                    (filled, inPlacePart) = await ReadPartAsync(source, buffer, kept, inPlacePart, inPlace, upload, partNumber, runToken).ConfigureAwait(false);
                    if (filled < partSize && !sourceEndsObject && filled > 0)
                    {
                        if (remainderSink is null)
                        {
                            // Kept in place, every byte of it: the next run resumes the part from here.
                            inPlacePart ??= (inPlace ?? throw TooManyParts(upload, partSize)).OpenPart(upload, partNumber);
                            if (inPlacePart.BytesWritten < filled)
                            {
                                var from = (int)inPlacePart.BytesWritten;
                                await inPlacePart.WriteAsync(buffer.AsMemory(from, filled - from), runToken).ConfigureAwait(false);
                            }
                        }
                        else
                        {
                            await remainderSink.WriteAsync(buffer.AsMemory(0, filled), runToken).ConfigureAwait(false);
                        }

                        // Bytes written in place but not described are the next run's to go on from, or to overwrite.
                        inPlacePart?.Dispose();
                        inPlacePart = null;
                        remainderBytes = filled;
                        filled = 0;
                    }

                    if (filled > 0 && partNumber > StorageOptions.MaxParts)
                    {
                        throw TooManyParts(upload, partSize);
                    }
                }
                catch
                {
                    inPlacePart?.Dispose();
                    _pool.Return(buffer);
                    slots.Release();
                    throw;
                }

                if (filled == 0)
                {
                    _pool.Return(buffer);
                    slots.Release();
                    break;
                }

                StorageLog.UploadingPart(_logger, partNumber, fileName, filled);
                inFlight.Add(UploadPartWithRetriesAsync(run, partNumber, buffer, filled, inPlacePart, slots));
                inFlight.RemoveAll(t => t.IsCompleted);
                partNumber++;
                if (filled < partSize)
                {
                    break; // the short last part
                }
            }
        }
        catch (Exception e)
        {
            run.Fail(e);
        }

        // Buffers go back to the pool only once their part has settled, so always wait for all of them.
        await Task.WhenAll(inFlight).ConfigureAwait(false);
        run.ThrowIfFailed();

        var parts = run.Parts;
        return new PartRunResult(parts, parts.Sum(p => p.Size), remainderBytes, partNumber);
    }

    // Never throws: a failure is recorded on the run, which stops reading and cancels the other parts.
    // `inPlacePart`: the part as far as an in-place store already has it (the first attempt writes only the rest).
    private async Task UploadPartWithRetriesAsync(PartRun run, int partNumber, byte[] buffer, int length, IInPlacePart? inPlacePart, SemaphoreSlim slots)
    {
        var token = run.Cancellation.Token;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var part = attempt == 1 && inPlacePart is not null
                        ? await FinishInPlaceAsync(inPlacePart, buffer.AsMemory(0, length), token).ConfigureAwait(false)
                        : await _store.UploadPartAsync(run.Upload, partNumber, buffer.AsMemory(0, length), token).ConfigureAwait(false);
                    await run.ReportAsync(part).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (attempt < _options.MaxAttempts && !token.IsCancellationRequested && TransientFailures.IsTransient(e))
                {
                    var delay = RetryDelay(attempt);
                    StorageLog.RetryingPart(_logger, e, partNumber, run.Upload.Key, attempt, _options.MaxAttempts, (long)delay.TotalMilliseconds);
                    _metrics?.Retried(_store.Provider);
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            run.Fail(e);
        }
        finally
        {
            inPlacePart?.Dispose();
            _pool.Return(buffer);
            slots.Release();
        }
    }

    // Exponential backoff with full jitter over its upper half, so parallel parts do not retry in step.
    private static TimeSpan RetryDelay(int attempt)
    {
        var ceiling = Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
#pragma warning restore CA5394
    }

    private static async Task<UploadedPart> FinishInPlaceAsync(IInPlacePart part, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (part.BytesWritten < content.Length)
        {
            await part.WriteAsync(content[(int)part.BytesWritten..], cancellationToken).ConfigureAwait(false);
        }

        return part.Complete();
    }

    /// <summary>
    /// Fills the buffer (after <paramref name="kept"/> bytes already there and in place in <paramref name="resumed"/>)
    /// unless the source ends first. With an in-place store, meanwhile writes what has arrived,
    /// <see cref="InPlacePieceBytes"/> or more at a time, each write queued behind the one before. Returns
    /// the bytes read and the part as far as the store has it (null when nothing was written; the caller
    /// disposes it). Never returns with a write still reading the buffer, so the buffer can always go
    /// back to the pool.
    /// </summary>
    private static async Task<(int Filled, IInPlacePart? Part)> ReadPartAsync(
        Stream source,
        byte[] buffer,
        int kept,
        IInPlacePart? resumed,
        IInPlacePartStore? inPlace,
        MultipartUpload upload,
        int partNumber,
        CancellationToken cancellationToken)
    {
        var filled = kept;
        var written = kept;
        var part = resumed;
        var writing = Task.CompletedTask;
        try
        {
            while (filled < buffer.Length)
            {
                var read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (writing.IsFaulted)
                {
                    await writing.ConfigureAwait(false);
                }

                if (inPlace is not null && filled - written >= InPlacePieceBytes)
                {
                    // Queued behind the write before it, so what has arrived is written even while the source stalls.
                    part ??= inPlace.OpenPart(upload, partNumber);
                    writing = WriteAfterAsync(writing, part, buffer.AsMemory(written, filled - written), cancellationToken);
                    written = filled;
                }
            }

            await writing.ConfigureAwait(false);
            return (filled, part);
        }
        catch
        {
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            part?.Dispose();
            throw;
        }
    }

    private void ThrowIfPartsDoNotFit(MultipartUpload upload)
    {
        if (upload.PartSize > _pool.BudgetBytes || upload.PartSize > Array.MaxLength)
        {
            throw new ObjectTooLargeException($"Parts of {upload.PartSize} bytes do not fit the buffer budget of {_pool.BudgetBytes} bytes.");
        }
    }

    private static ObjectTooLargeException TooManyParts(MultipartUpload upload, int partSize) =>
        new($"'{upload.Key}' needs more than {StorageOptions.MaxParts} parts of {partSize} bytes; declare its length so the part size can grow.");

    private static async Task WriteAfterAsync(Task previous, IInPlacePart part, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false);
        await part.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task AbortQuietlyAsync(MultipartUpload upload)
    {
        try
        {
            // Not the caller's token: a disconnected client must still leave nothing behind.
            await _store.AbortMultipartUploadAsync(upload, CancellationToken.None).ConfigureAwait(false);
            _metrics?.Aborted(_store.Provider, succeeded: true);
        }
        catch (Exception e)
        {
            _metrics?.Aborted(_store.Provider, succeeded: false);
            StorageLog.AbortFailed(_logger, e, upload.Key, upload.UploadId);
        }
    }

    private static string FileNameOf(string key) => key[(key.LastIndexOf('/') + 1)..];

    /// <summary>The shared state of one run of parts: results, the first failure, and the cancellation that stops the rest.</summary>
    private sealed class PartRun(MultipartUpload upload, Func<UploadedPart, CancellationToken, ValueTask>? onPartUploaded, CancellationToken callerToken)
        : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<UploadedPart> _parts = [];
        private readonly SemaphoreSlim _callbackGate = new(1, 1);
        private Exception? _failure;

        public MultipartUpload Upload { get; } = upload;

        public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(callerToken);

        public IReadOnlyList<UploadedPart> Parts
        {
            get
            {
                lock (_gate)
                {
                    return [.. _parts.OrderBy(p => p.PartNumber)];
                }
            }
        }

        public async ValueTask ReportAsync(UploadedPart part)
        {
            lock (_gate)
            {
                _parts.Add(part);
            }

            if (onPartUploaded is null)
            {
                return;
            }

            await _callbackGate.WaitAsync(Cancellation.Token).ConfigureAwait(false);
            try
            {
                await onPartUploaded(part, Cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                _callbackGate.Release();
            }
        }

        public void Fail(Exception exception)
        {
            lock (_gate)
            {
                // The first real cause wins; the cancellations it triggers in other parts are its echoes.
                if (_failure is null || (_failure is OperationCanceledException && exception is not OperationCanceledException))
                {
                    _failure = exception;
                }
            }

            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void ThrowIfFailed()
        {
            Exception? failure;
            lock (_gate)
            {
                failure = _failure;
            }

            if (failure is null)
            {
                return;
            }

            // A cancellation by the caller surfaces as such, with the caller's token.
            callerToken.ThrowIfCancellationRequested();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        public void Dispose()
        {
            Cancellation.Dispose();
            _callbackGate.Dispose();
        }
    }
}
