// nmx chip parameters and arithmetic. Mirrors models/chip/fixed/fixed_point.hpp (the one source
// of truth for the fixed-point arithmetic) and models/chip/hw/microarch.hpp (the cycle model);
// tests/rtl_pkg checks the three agree at the edges.
//
// Written in the SystemVerilog subset that both Verilator and yosys 0.23 read: modules
// name package items as nmx_pkg::x (yosys has no `import`), functions assign their
// result to the function name (no `return`), no `inside`, no unpacked-array ports.
package nmx_pkg;

  // ---- widths (fixed_point.hpp) -----------------------------------------------------------
  localparam int unsigned StateBits  = 24;  // u, v, accumulator slots, bias, theta
  localparam int unsigned DecayBits  = 12;  // du, dv: fraction of 2^12, [0, 4096] (13-bit field)
  localparam int unsigned RefracBits = 4;
  localparam int unsigned LfsrBits   = 16;
  localparam logic [15:0] LfsrTaps   = 16'hB400;
  localparam int unsigned CodeBits   = 8;   // weight code field (WB <= 8), two's complement
  localparam int unsigned DelayBits  = 6;   // delay field, D <= 64

  localparam logic signed [StateBits-1:0] StateMax = {1'b0, {(StateBits-1){1'b1}}};
  localparam logic signed [StateBits-1:0] StateMin = {1'b1, {(StateBits-1){1'b0}}};

  // ---- micro-architecture (microarch.hpp) ----------------------------------------------------
  localparam int unsigned ScanWordBits   = 64;
  localparam int unsigned SynapsePipe    = 3;  // drain cycles at the end of the synaptic phase
  localparam int unsigned NeuronPipe     = 3;  // neuron i's spike leaves NeuronPipe cycles after it entered
  localparam int unsigned BarrierCycles  = 2;

  // ---- memory image load interface (docs/formats.md, "RTL memory image") ---------------------
  typedef enum logic [3:0] {
    LdAxon    = 4'd0,   // axon table: {begin_word[19:0], length[12:0], dense, ternary, exp[3:0], mant[7:0]}
    LdSynapse = 4'd1,   // synapse memory word: lane l at data[32l +: 27] = {valid, post[11:0], code[7:0], delay[5:0]}
    LdNeuronA = 4'd2,   // {seed[15:0], spike, reset, refrac[3:0], dv[12:0], du[12:0]}
    LdNeuronB = 4'd3,   // {bias[23:0], theta[23:0]}
    LdLut     = 4'd4,   // sigmoid table entry, 16 bits
    LdRoutePtr= 4'd5,   // per local neuron (or input neuron, host): {hi[15:0], lo[15:0]}
    LdRoute   = 4'd6,   // route entry: {core[7:0], axon[15:0]}
    LdConfig  = 4'd7,   // core: {sigmoid_shift[4:0], axons_used[16:0], neurons[12:0]}; chip: see nmx_chip
    LdHostSpike = 4'd8  // host port queue: input neuron id (addr = position)
  } ld_mem_e;

  // ---- arithmetic (fixed_point.hpp) ----------------------------------------------------------
  function automatic logic signed [StateBits-1:0] sat_state(input logic signed [47:0] x);
    if (x > 48'(signed'(StateMax))) sat_state = StateMax;
    else if (x < 48'(signed'(StateMin))) sat_state = StateMin;
    else sat_state = x[StateBits-1:0];
  endfunction

  // x - round(x * d / 4096), rounding half up (arithmetic shift), product at full width.
  // `half` is 2^11 (DecayHalf); fault-injection tests pass a wrong one.
  localparam logic [11:0] DecayHalf = 12'd2048;
  function automatic logic signed [StateBits-1:0] decay(input logic signed [StateBits-1:0] x,
                                                        input logic [DecayBits:0] d,
                                                        input logic [11:0] half);
    logic signed [38:0] prod;
    logic signed [38:0] rounded;
    prod = 39'(x) * 39'(signed'({1'b0, d}));
    rounded = (prod + 39'(signed'({1'b0, half}))) >>> DecayBits;
    decay = StateBits'(39'(x) - rounded);
  endfunction

  // Weight code field -> code: ternary rows use the 2-bit code (0b10 illegal, read as 0),
  // other rows the 8-bit two's complement code.
  function automatic logic signed [CodeBits-1:0] decode_code(input logic [CodeBits-1:0] field,
                                                             input logic ternary);
    if (!ternary) decode_code = field;
    else if (field[1:0] == 2'b01) decode_code = 8'sd1;
    else if (field[1:0] == 2'b11) decode_code = -8'sd1;
    else decode_code = 8'sd0;
  endfunction

  // code * mant * 2^exp, saturated to the state width.
  function automatic logic signed [StateBits-1:0] effective_weight(input logic signed [CodeBits-1:0] code,
                                                                   input logic [7:0] mant,
                                                                   input logic [3:0] exp);
    logic signed [47:0] w;
    w = (48'(code) * 48'(signed'({1'b0, mant}))) <<< exp;
    effective_weight = sat_state(w);
  endfunction

  function automatic logic [LfsrBits-1:0] lfsr_next(input logic [LfsrBits-1:0] s);
    lfsr_next = (s >> 1) ^ (s[0] ? LfsrTaps : '0);
  endfunction

  // clamp(v >>> shift, -128, 127) + 128
  function automatic logic [7:0] sigmoid_index(input logic signed [StateBits-1:0] v, input logic [4:0] shift);
    logic signed [StateBits-1:0] s;
    s = v >>> shift;
    if (s > 24'sd127) sigmoid_index = 8'd255;
    else if (s < -24'sd128) sigmoid_index = 8'd0;
    else sigmoid_index = 8'(s + 24'sd128);
  endfunction

endpackage
