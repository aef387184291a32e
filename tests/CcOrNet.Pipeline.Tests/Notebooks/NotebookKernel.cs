namespace CcOrNet.Pipeline.Tests.Notebooks;

/// <summary>
/// The globals a .NET Interactive C# kernel gives every cell, reduced to the helpers our notebooks call
/// (<c>display</c>, <c>HTML</c>), with the kernel's names and shapes; only used to compile cells, never run.
/// </summary>
public class NotebookKernel
{
#pragma warning disable IDE1006 // The kernel's own lower-case names.
    public object display(object value, params string[] mimeTypes) => value;

    public string HTML(string content) => content;
#pragma warning restore IDE1006
}
