// A memory as synthesis tools infer it: one synchronous write port, one asynchronous read
// port. Every table and the large state of a core (synapse memory, axon table, neuron
// parameters and state, accumulator banks, routing tables) lives in one of these, so yosys
// reports them as memories (SRAM macros) and not as flip-flops.
module nmx_ram #(
  parameter int unsigned Width    = 24,
  parameter int unsigned Depth    = 256,
  parameter int unsigned AddrBits = Depth > 1 ? $clog2(Depth) : 1
) (
  input  logic                clk_i,
  input  logic                we_i,
  input  logic [AddrBits-1:0] waddr_i,
  input  logic [Width-1:0]    wdata_i,
  input  logic [AddrBits-1:0] raddr_i,
  output logic [Width-1:0]    rdata_o
);
  logic [Width-1:0] mem [Depth];

  always_ff @(posedge clk_i) if (we_i) mem[waddr_i] <= wdata_i;
  assign rdata_o = mem[raddr_i];
endmodule
