using LogWarden.Collect.Files;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Collect.Files;

public sealed class FileStatusReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_rename_keeps_the_identity_and_a_copy_gets_another()
    {
        string path = _temp.Write("a.log", "hello\n");
        var before = FileStatusReader.TryGet(path)!.Value;
        File.Move(path, path + ".1");
        File.Copy(path + ".1", path);

        Assert.Equal(before.Identity, FileStatusReader.TryGet(path + ".1")!.Value.Identity);
        Assert.NotEqual(before.Identity, FileStatusReader.TryGet(path)!.Value.Identity);
        Assert.Equal(6, before.Size);
        Assert.True(before.IsRegularFile);
        Assert.Equal(1u, before.Links);
        Assert.NotEqual(0, before.ModifiedNanoseconds);
    }

    [Fact]
    public void An_open_handle_reports_its_file_after_deletion_with_no_links_left()
    {
        string path = _temp.Write("b.log", "bye\n");
        var identity = FileStatusReader.TryGet(path)!.Value.Identity;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        File.Delete(path);

        var status = FileStatusReader.Get(handle, path);

        Assert.Equal(identity, status.Identity);
        Assert.Equal(0u, status.Links);
        Assert.Null(FileStatusReader.TryGet(path));
    }

    [Fact]
    public void A_directory_is_not_a_regular_file_and_a_symlink_loop_is_an_error()
    {
        Assert.False(FileStatusReader.TryGet(_temp.Path)!.Value.IsRegularFile);
        string a = Path.Combine(_temp.Path, "loop-a");
        File.CreateSymbolicLink(a, Path.Combine(_temp.Path, "loop-b"));
        File.CreateSymbolicLink(Path.Combine(_temp.Path, "loop-b"), a);

        Assert.Throws<IOException>(() => FileStatusReader.TryGet(a));
        Assert.Null(FileStatusReader.TryGet(Path.Combine(_temp.Path, "missing", "x")));
    }
}
