// A memory shaped like an SRAM macro: one synchronous write port and one synchronous read
// port (rdata_o is mem[raddr_i] as it was at the last clock edge with re_i high; a read of
// the word being written returns the old word). This is the one place to swap in a foundry
// macro. The read register is the macro's: callers put the read address one cycle early
// (their pipeline register's next value) so that no cycle count changes.
module nmx_sram #(
  parameter int unsigned Width    = 24,
  parameter int unsigned Depth    = 256,
  parameter int unsigned AddrBits = Depth > 1 ? $clog2(Depth) : 1
) (
  input  logic                clk_i,
  input  logic                we_i,
  input  logic [AddrBits-1:0] waddr_i,
  input  logic [Width-1:0]    wdata_i,
  input  logic                re_i,
  input  logic [AddrBits-1:0] raddr_i,
  output logic [Width-1:0]    rdata_o
);
  logic [Width-1:0] mem [Depth];
  logic [Width-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (we_i) mem[waddr_i] <= wdata_i;
    if (re_i) rdata_q <= mem[raddr_i];
  end
  assign rdata_o = rdata_q;
endmodule
