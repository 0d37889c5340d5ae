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
  localparam int unsigned PipeCntBits    = 2;  // counts SynapsePipe - 1 and NeuronPipe - 1 down
  localparam int unsigned CycleBits      = 32; // running cycles since the sample started
  localparam int unsigned ClearCntBits   = 16; // clear_cycles_o

  // A core's phase, as observed (phase_o)
  localparam int unsigned PhaseBits = 2;
  localparam int unsigned FaultBits = 2;
  typedef enum logic [PhaseBits-1:0] {PhaseIdle = 2'd0, PhaseSynaptic = 2'd1, PhaseNeuron = 2'd2, PhaseMode = 2'd3} phase_e;
  // Test-only fault injection (FaultsEnabled builds): every delay + 1, or the decay's
  // rounding constant off by one
  typedef enum logic [FaultBits-1:0] {FaultNone = 2'd0, FaultDelay = 2'd1, FaultRound = 2'd2} fault_e;

  // Neuron state word in the state memory: {v, u, ref, lfsr}, the LFSR at bit 0.
  localparam int unsigned StLfsrLsb = 0;
  localparam int unsigned StRefLsb  = LfsrBits;
  localparam int unsigned StULsb    = StRefLsb + RefracBits;
  localparam int unsigned StVLsb    = StULsb + StateBits;
  localparam int unsigned NeuronStateBits = StVLsb + StateBits;

  // ---- memory image load interface (docs/formats.md, "RTL memory image") ---------------------
  // One write: (core, memory, address, data). sim/l3/rtl_image.cpp packs the same fields;
  // tests/rtl_pkg checks it against these, field by field.
  typedef enum logic [3:0] {
    LdAxon    = 4'd0,   // axon table entry (Ax* fields)
    LdSynapse = 4'd1,   // synapse memory word: lane l in data[LaneStride*l +: SynBits] (Syn* fields)
    LdNeuronA = 4'd2,   // neuron parameters A (Na* fields)
    LdNeuronB = 4'd3,   // neuron parameters B (Nb* fields)
    LdLut     = 4'd4,   // sigmoid table entry, LutBits
    LdRoutePtr= 4'd5,   // per local neuron (or input neuron, host): {hi, lo} (Rp* fields)
    LdRoute   = 4'd6,   // route entry (Rt* fields)
    LdConfig  = 4'd7,   // core (Cc* fields) or, to the host address, the chip (Ch* fields)
    LdHostSpike = 4'd8, // host port queue: input neuron id (addr = position)
    // the mode unit (from the top of the range): xi codes of neuron i, mode p at addr
    // i * ModeMax + p (Mx* fields); lambda_p at addr p (MxIn field); its configuration (Mc*)
    LdModeXi     = 4'd13,
    LdModeLambda = 4'd14,
    LdModeConfig = 4'd15
  } ld_mem_e;
  localparam int unsigned LdMemBits   = 4;
  localparam int unsigned LdCoreBits  = 8;    // core number; HostCore addresses the host port and chip
  localparam logic [7:0]  HostCore    = 8'hFF;
  localparam int unsigned LdAddrBits  = 20;
  localparam int unsigned LaneStride  = 32;   // data bits per lane of a synapse word
  localparam int unsigned LoadLanes   = 8;    // lanes one chip load word carries (sim/l3/rtl_image.hpp)

  // synapse word, one lane
  localparam int unsigned SynDelayLsb = 0;    // DelayBits
  localparam int unsigned SynCodeLsb  = 6;    // CodeBits
  localparam int unsigned SynPostLsb  = 14;
  localparam int unsigned SynPostBits = 12;   // post-synaptic neuron, N <= 4096
  localparam int unsigned SynValidBit = 26;
  localparam int unsigned SynBits     = 27;
  // axon table entry
  localparam int unsigned MantBits    = 8;
  localparam int unsigned ExpBits     = 4;
  localparam int unsigned AxMantLsb   = 0;
  localparam int unsigned AxExpLsb    = 8;
  localparam int unsigned AxTernBit   = 12;
  localparam int unsigned AxDenseBit  = 13;
  localparam int unsigned AxLenLsb    = 14;
  localparam int unsigned AxLenBits   = 13;   // synapses in the row, <= N
  localparam int unsigned AxBeginLsb  = 27;
  localparam int unsigned AxBeginBits = 20;   // first synapse word: the memory holds <= 2^20 words
  localparam int unsigned AxBits      = 47;
  // neuron parameters
  localparam int unsigned NaDuLsb     = 0;    // DecayBits + 1
  localparam int unsigned NaDvLsb     = 13;   // DecayBits + 1
  localparam int unsigned NaRefracLsb = 26;   // RefracBits
  localparam int unsigned NaSubBit    = 30;   // reset by subtraction
  localparam int unsigned NaStochBit  = 31;   // stochastic spiking
  localparam int unsigned NaSeedLsb   = 32;   // LfsrBits
  localparam int unsigned NaBits      = 32;   // the fields below the seed (the seed has its own memory)
  localparam int unsigned NbThetaLsb  = 0;    // StateBits
  localparam int unsigned NbBiasLsb   = 24;   // StateBits
  localparam int unsigned NbBits      = 48;
  localparam int unsigned LutBits     = 16;
  localparam int unsigned LutEntries  = 256;
  // routing
  localparam int unsigned RpBits      = 16;   // route table index
  localparam int unsigned RpLoLsb     = 0;
  localparam int unsigned RpHiLsb     = 16;
  localparam int unsigned AxonIdBits  = 16;   // axon number in an event, A <= 65536
  localparam int unsigned RtAxonLsb   = 0;
  localparam int unsigned RtCoreLsb   = 16;
  localparam int unsigned RtCoreBits  = 8;
  // core configuration
  localparam int unsigned CcNeuronsLsb  = 0;
  localparam int unsigned CcNeuronsBits = 13;  // <= 4096
  localparam int unsigned CcAxonsLsb    = 13;
  localparam int unsigned CcAxonsBits   = 17;  // <= 65536
  localparam int unsigned CcShiftLsb    = 30;
  localparam int unsigned ShiftBits     = 5;   // sigmoid shift
  // chip configuration
  localparam int unsigned ChMaskLsb     = 0;   // D - 1, DelayBits
  localparam int unsigned ChCoresLsb    = 6;   // active cores, LdCoreBits
  localparam int unsigned ChLatencyLsb  = 16;
  localparam int unsigned LatencyBits   = 6;   // router latency, <= RouterDepth
  localparam int unsigned RouterDepth   = 32;  // events in flight per destination

  // ---- low-rank mode unit (fixed_point.hpp, docs/chip-spec.md §6) --------------------------
  localparam int unsigned ModeMax       = 16;  // P <= ModeMax
  localparam int unsigned ModeCntBits   = 5;   // 0..ModeMax
  localparam int unsigned ModeCodeBits  = 12;  // xi_in, xi_out, lambda: WM-bit codes in 12-bit fields
  localparam int unsigned ModeShiftBits = 5;   // s_out, s_lambda, s_in in [0, 31]
  localparam int unsigned ModeAccBits   = 41;  // the MAC's accumulator (kModeAccBits)
  localparam int unsigned TraceBits     = 16;  // r, the rate trace (kTraceBits)
  localparam int unsigned ModePipe      = 2;   // drain: the last feedback's MAC, its ring write
  localparam int unsigned ModeAddrLsb   = 4;   // LdModeXi: addr = i * ModeMax + p
  // load fields
  localparam int unsigned MxInLsb         = 0;   // ModeCodeBits
  localparam int unsigned MxOutLsb        = 12;  // ModeCodeBits
  localparam int unsigned McModesLsb      = 0;   // ModeCntBits, P (0: no mode projection)
  localparam int unsigned McShiftOutLsb   = 5;   // ModeShiftBits
  localparam int unsigned McShiftLambdaLsb= 10;
  localparam int unsigned McShiftInLsb    = 15;
  localparam int unsigned McDecayLsb      = 20;  // DecayBits + 1
  localparam int unsigned McAmpLsb        = 33;  // TraceBits
  localparam int unsigned McBits          = 49;

  // ---- arithmetic (fixed_point.hpp) ----------------------------------------------------------
  localparam int unsigned WideBits = 2 * StateBits;          // sums and products before saturation
  localparam int unsigned ProdBits = StateBits + DecayBits + 3;  // x * d, d <= 2^DecayBits, and the rounding
  localparam int unsigned LutIdxBits = 8;                     // LutEntries = 2^LutIdxBits

  function automatic logic signed [StateBits-1:0] sat_state(input logic signed [WideBits-1:0] x);
    if (x > WideBits'(signed'(StateMax))) sat_state = StateMax;
    else if (x < WideBits'(signed'(StateMin))) sat_state = StateMin;
    else sat_state = x[StateBits-1:0];
  endfunction

  // x - round(x * d / 4096), rounding half up (arithmetic shift), product at full width.
  // `half` is 2^11 (DecayHalf); fault-injection tests pass a wrong one.
  localparam logic [DecayBits-1:0] DecayHalf = DecayBits'(1) << (DecayBits - 1);
  function automatic logic signed [StateBits-1:0] decay(input logic signed [StateBits-1:0] x,
                                                        input logic [DecayBits:0] d,
                                                        input logic [DecayBits-1:0] half);
    logic signed [ProdBits-1:0] prod;
    logic signed [ProdBits-1:0] rounded;
    prod = ProdBits'(x) * ProdBits'(signed'({1'b0, d}));
    rounded = (prod + ProdBits'(signed'({1'b0, half}))) >>> DecayBits;
    decay = StateBits'(ProdBits'(x) - rounded);
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
                                                                   input logic [MantBits-1:0] mant,
                                                                   input logic [ExpBits-1:0] exp);
    logic signed [WideBits-1:0] w;
    w = (WideBits'(code) * WideBits'(signed'({1'b0, mant}))) <<< exp;
    effective_weight = sat_state(w);
  endfunction

  function automatic logic [LfsrBits-1:0] lfsr_next(input logic [LfsrBits-1:0] s);
    lfsr_next = (s >> 1) ^ (s[0] ? LfsrTaps : '0);
  endfunction

  // clamp(v >>> shift, -128, 127) + 128
  function automatic logic [LutIdxBits-1:0] sigmoid_index(input logic signed [StateBits-1:0] v,
                                                         input logic [ShiftBits-1:0] shift);
    logic signed [StateBits-1:0] s;
    s = v >>> shift;
    if (s > 24'sd127) sigmoid_index = 8'd255;
    else if (s < -24'sd128) sigmoid_index = 8'd0;
    else sigmoid_index = 8'(s + 24'sd128);
  endfunction

  // ---- mode unit arithmetic (fixed_point.hpp: trace_step, mode_scale) -----------------------
  // sat24(round(y / 2^s)), half up; s = 0 leaves y.
  function automatic logic signed [StateBits-1:0] mode_scale(input logic signed [ModeAccBits-1:0] y,
                                                             input logic [ModeShiftBits-1:0] s);
    logic signed [ModeAccBits:0] r;
    logic signed [ModeAccBits:0] half;
    half = (ModeAccBits+1)'(1) <<< s;
    if (s == '0) r = (ModeAccBits+1)'(y);
    else r = ((ModeAccBits+1)'(y) + (half >>> 1)) >>> s;
    if (r > (ModeAccBits+1)'(signed'(StateMax))) mode_scale = StateMax;
    else if (r < (ModeAccBits+1)'(signed'(StateMin))) mode_scale = StateMin;
    else mode_scale = r[StateBits-1:0];
  endfunction

  // The rate trace: decayed, plus amp on a spike, saturated to [0, 2^TraceBits - 1].
  function automatic logic [TraceBits-1:0] rate_step(input logic [TraceBits-1:0] r,
                                                     input logic [DecayBits:0] d,
                                                     input logic [TraceBits-1:0] amp,
                                                     input logic spiked);
    logic signed [StateBits-1:0] dec;
    logic [StateBits-1:0] sum;
    dec = decay(signed'(StateBits'(r)), d, DecayHalf);  // in [0, r]
    sum = StateBits'(dec) + (spiked ? StateBits'(amp) : '0);
    rate_step = sum > StateBits'({TraceBits{1'b1}}) ? {TraceBits{1'b1}} : sum[TraceBits-1:0];
  endfunction

endpackage
