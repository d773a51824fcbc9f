using Sage.Core.Fingerprints;

namespace Sage.Core.Tests.Fingerprints;

public sealed class PictureDescriptorTests
{
    [Fact]
    public void A_uniform_colour_gives_its_BT601_luma_and_chroma_in_every_cell()
    {
        var frame = Uniform(48, 32, 200, 100, 50);

        var descriptor = Describe(frame, 48, 32);

        // Y = .299 R + .587 G + .114 B; Cb = 128 − .168736 R − .331264 G + .5 B; Cr = 128 + .5 R − .418688 G − .081312 B.
        Assert.All(descriptor[..PictureTrack.LumaLength], v => Assert.Equal(124, v));
        Assert.All(descriptor[PictureTrack.LumaLength..(PictureTrack.LumaLength + PictureTrack.ChromaLength)], v => Assert.Equal(86, v));
        Assert.All(descriptor[(PictureTrack.LumaLength + PictureTrack.ChromaLength)..], v => Assert.Equal(182, v));
    }

    [Fact]
    public void A_white_box_in_one_corner_changes_only_the_cells_it_covers()
    {
        const int size = 64;
        var black = Uniform(size, size, 0, 0, 0);
        var boxed = (byte[])black.Clone();
        // 8×8 pixels at the top left: luma cells (0,0), (0,1), (1,0), (1,1) of 4×4 pixels each.
        for (var y = 0; y < 8; y++)
        {
            boxed.AsSpan(y * size * 3, 8 * 3).Fill(255);
        }

        var before = Describe(black, size, size);
        var after = Describe(boxed, size, size);

        var changed = Enumerable.Range(0, PictureTrack.DescriptorLength).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal([0, 1, 16, 17], changed);
        Assert.All(changed, i => Assert.Equal(255, after[i]));
    }

    [Fact]
    public void A_frame_at_half_the_size_gives_nearly_the_same_descriptor()
    {
        const int width = 320, height = 192;
        var large = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y * width) + x) * 3;
                large[p] = (byte)(x * 255 / width);
                large[p + 1] = (byte)((x / 37 + y / 23) % 2 == 0 ? 220 : 30);
                large[p + 2] = (byte)(128 + (100 * Math.Sin(y / 9.0)));
            }
        }

        var small = HalveByAveraging(large, width, height);

        var a = Describe(large, width, height);
        var b = Describe(small, width / 2, height / 2);
        var differences = a.Zip(b, (p, q) => Math.Abs(p - q)).ToArray();
        Assert.True(differences.Max() <= 1, $"max difference {differences.Max()}");
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(64, 64)]
    [InlineData(224, 224)]
    [InlineData(101, 37)]
    [InlineData(1280, 720)]
    public void Gives_the_bytes_of_weighting_every_pixel_on_any_size(int width, int height)
    {
        var random = new Random(width * height);
        var frame = new byte[width * height * 3];
        random.NextBytes(frame);

        Assert.Equal(ReferenceDescriptor(frame, width, height), Describe(frame, width, height));
    }

    [Fact]
    public void Frames_smaller_than_the_luma_grid_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PictureDescriptor.Compute(new byte[15 * 15 * 3], 15, 15, new byte[PictureTrack.DescriptorLength]));
    }

    [Fact]
    public void The_builder_keeps_one_descriptor_per_frame_in_order()
    {
        var builder = new PictureTrackBuilder(25);
        var red = Uniform(32, 32, 255, 0, 0);
        var grey = Uniform(32, 32, 128, 128, 128);

        for (var i = 0; i < 100; i++)
        {
            builder.Add(i % 2 == 0 ? red : grey, 32, 32);
        }

        var track = builder.ToTrack();
        Assert.Equal(100, track.Count);
        Assert.Equal(25, track.FrameRate);
        Assert.Equal(Describe(red, 32, 32), track[98].ToArray());
        Assert.Equal(Describe(grey, 32, 32), track[99].ToArray());
        Assert.Equal(3.96, track.TimeOf(99), 9);
    }

    /// <summary>The definition, pixel by pixel: each pixel's BT.601 values summed into its cell, then the rounded means.</summary>
    private static byte[] ReferenceDescriptor(byte[] rgb, int width, int height)
    {
        var y = new double[256];
        var cb = new double[256];
        var cr = new double[256];
        var n = new int[256];
        for (var row = 0; row < height; row++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((row * width) + x) * 3;
                int r = rgb[p], g = rgb[p + 1], b = rgb[p + 2];
                var cell = (row * 16 / height * 16) + (x * 16 / width);
                y[cell] += (299 * r) + (587 * g) + (114 * b);
                cb[cell] += (-168736 * r) - (331264 * g) + (500000 * b);
                cr[cell] += (500000 * r) - (418688 * g) - (81312 * b);
                n[cell]++;
            }
        }

        var descriptor = new byte[PictureTrack.DescriptorLength];
        for (var cell = 0; cell < 256; cell++)
        {
            descriptor[cell] = (byte)Math.Clamp(Math.Round(y[cell] / (1000.0 * n[cell])), 0, 255);
        }

        for (var c = 0; c < 64; c++)
        {
            var (cy, cx) = (c / 8, c % 8);
            int[] cells = [(2 * cy * 16) + (2 * cx), (2 * cy * 16) + (2 * cx) + 1, (((2 * cy) + 1) * 16) + (2 * cx), (((2 * cy) + 1) * 16) + (2 * cx) + 1];
            double count = cells.Sum(i => n[i]);
            descriptor[256 + c] = (byte)Math.Clamp(Math.Round(128 + (cells.Sum(i => cb[i]) / (1e6 * count))), 0, 255);
            descriptor[320 + c] = (byte)Math.Clamp(Math.Round(128 + (cells.Sum(i => cr[i]) / (1e6 * count))), 0, 255);
        }

        return descriptor;
    }

    private static byte[] Describe(byte[] rgb, int width, int height)
    {
        var descriptor = new byte[PictureTrack.DescriptorLength];
        PictureDescriptor.Compute(rgb, width, height, descriptor);
        return descriptor;
    }

    private static byte[] Uniform(int width, int height, byte r, byte g, byte b)
    {
        var frame = new byte[width * height * 3];
        for (var i = 0; i < frame.Length; i += 3)
        {
            (frame[i], frame[i + 1], frame[i + 2]) = (r, g, b);
        }

        return frame;
    }

    private static byte[] HalveByAveraging(byte[] rgb, int width, int height)
    {
        var half = new byte[width / 2 * (height / 2) * 3];
        for (var y = 0; y < height / 2; y++)
        {
            for (var x = 0; x < width / 2; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < 2; dy++)
                    {
                        for (var dx = 0; dx < 2; dx++)
                        {
                            sum += rgb[((((2 * y) + dy) * width) + (2 * x) + dx) * 3 + c];
                        }
                    }

                    half[(((y * (width / 2)) + x) * 3) + c] = (byte)((sum + 2) / 4);
                }
            }
        }

        return half;
    }
}
