namespace CcOrNet.Model.Data;

/// <summary>One row group of one shard of a features table.</summary>
/// <param name="File">Index into the manifest's shard files.</param>
/// <param name="Group">Row group index inside that file.</param>
/// <param name="Rows">Rows in the row group.</param>
public readonly record struct RowGroupRef(int File, int Group, int Rows);
