// A memory as synthesis tools infer it: one synchronous write port, asynchronous read
// ports. The cores' large state (accumulator banks, neuron state) lives in these, so
// yosys reports them as memories (SRAM macros) and not as flip-flops.
module nmx_ram #(
  parameter int unsigned Width = 24,
  parameter int unsigned Depth = 256,
  parameter int unsigned Reads = 1,
  localparam int unsigned AW = $clog2(Depth)
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AW-1:0]    waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic [AW-1:0]    raddr_i [Reads],
  output logic [Width-1:0] rdata_o [Reads]
);
  logic [Width-1:0] mem [Depth];

  always_ff @(posedge clk_i) if (we_i) mem[waddr_i] <= wdata_i;

  for (genvar r = 0; r < Reads; r++) begin : g_read
    assign rdata_o[r] = mem[raddr_i[r]];
  end
endmodule
