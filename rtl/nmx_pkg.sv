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
  // the plasticity unit's cycles (nmx_plasticity's states; microarch.hpp kPlastic*)
  localparam int unsigned PlSweepDrain   = 1;  // YDec: N + 1
  localparam int unsigned PlAxonCycles   = 2;  // AxRd AxUp, EpRd EpUp
  localparam int unsigned PlNeuronCycles = 2;  // NRd NUp
  localparam int unsigned PlColumnCycles = 3;  // CRd CAx CDs
  localparam int unsigned PlFetchCycles  = 3;  // SyF0 SyF1 SyF2
  localparam int unsigned PlTermCycles   = 2;  // TmHd TmAc (+ TmFc per factor)
  localparam int unsigned PlRoundCycles  = 1;  // TgRd
  localparam int unsigned PlWriteCycles  = 1;  // SyWr
  localparam int unsigned PlYWriteCycles = 1;  // NWr

  // A core's phase, as observed (phase_o)
  localparam int unsigned PhaseBits = 3;
  localparam int unsigned FaultBits = 2;
  typedef enum logic [PhaseBits-1:0] {PhaseIdle = 3'd0, PhaseSynaptic = 3'd1, PhaseNeuron = 3'd2,
                                      PhasePlastic = 3'd3, PhaseMode = 3'd4} phase_e;
  // Test-only fault injection (FaultsEnabled builds): every delay + 1, the decay's
  // rounding constant off by one, or the plasticity unit adding every rule term as positive
  typedef enum logic [FaultBits-1:0] {FaultNone = 2'd0, FaultDelay = 2'd1, FaultRound = 2'd2,
                                      FaultPlastic = 2'd3} fault_e;

  // Neuron state word in the state memory: {v, u, ref, lfsr}, the LFSR at bit 0.
  localparam int unsigned StLfsrLsb = 0;
  localparam int unsigned StRefLsb  = LfsrBits;
  localparam int unsigned StULsb    = StRefLsb + RefracBits;
  localparam int unsigned StVLsb    = StULsb + StateBits;
  localparam int unsigned NeuronStateBits = StVLsb + StateBits;

  // ---- memory image load interface (docs/formats.md, "RTL memory image") ---------------------
  // One write: (core, memory, address, data). sim/l3/rtl_image.cpp packs the same fields;
  // tests/rtl_pkg checks it against these, field by field.
  localparam int unsigned LdMemBits   = 5;    // memory codes 0..20
  typedef enum logic [LdMemBits-1:0] {
    LdAxon    = 5'd0,   // axon table entry (Ax* fields)
    LdSynapse = 5'd1,   // synapse memory word: lane l in data[LaneStride*l +: SynBits] (Syn* fields)
    LdNeuronA = 5'd2,   // neuron parameters A (Na* fields)
    LdNeuronB = 5'd3,   // neuron parameters B (Nb* fields)
    LdLut     = 5'd4,   // sigmoid table entry, LutBits
    LdRoutePtr= 5'd5,   // per local neuron (or input neuron, host): {hi, lo} (Rp* fields)
    LdRoute   = 5'd6,   // route entry (Rt* fields)
    LdConfig  = 5'd7,   // core (Cc* fields) or, to the host address, the chip (Ch* fields)
    LdHostSpike = 5'd8, // host port queue: input neuron id (addr = position)
    // plasticity unit (docs/plasticity.md, "Hardware"), cores built with Plasticity only
    LdPlGroup = 5'd9,   // synapse group parameters: addr = group * 4 + part (Gp* fields)
    LdRule    = 5'd10,  // rule memory word (Rm* fields): addr = {group, event, target, term, slot}
    LdColPtr  = 5'd11,  // column table pointers of a local neuron: {hi, lo} (Cp* fields)
    LdColumn  = 5'd12,  // column table entry: a plastic synapse (Ce* fields)
    LdElig    = 5'd13,  // eligibility word: lane l in data[LaneStride*l +: EligBits]
    LdLearn   = 5'd14,  // learning signal l of a local neuron, LearnBits
    LdPlSeed  = 5'd15,  // the plasticity LFSR restarts from data[LfsrBits-1:0] (a new run; samples keep it)
    // the mode unit, cores built with Modes > 0 only: xi codes of neuron i, mode p at addr
    // i * ModeMax + p (Mx* fields); lambda_p at addr p (MxIn field); its configuration (Mc*)
    LdModeXi     = 5'd16,
    LdModeLambda = 5'd17,
    LdModeConfig = 5'd18,
    // the clamp of a local neuron (ClampBits at addr): the host's teacher, written between steps
    LdClamp      = 5'd19,
    // packed ternary synapse memory word (dense ternary rows, AxPackedBit): lane l in
    // data[LaneStride*l +: TernBits] (Tern* fields)
    LdTernary    = 5'd20
  } ld_mem_e;
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
  // packed ternary synapse, one lane (a dense ternary row: lane l of beat b is the row's
  // synapse onto local neuron b * Lanes + l, so no post field): 2 + log2(DMax) bits
  localparam int unsigned TernCodeLsb  = 0;   // TernCodeBits: 01 = +1, 11 = -1, 00 = no synapse
  localparam int unsigned TernCodeBits = 2;
  localparam int unsigned TernDelayLsb = 2;   // log2(DMax) bits (1 at DMax = 1)
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
  localparam int unsigned AxPackedBit = 47;   // the row is in the packed ternary memory (begin: its word)
  localparam int unsigned AxBits      = 48;
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
  // A neuron's clamp (models/chip/fixed/fixed_point.hpp kClamp*): {on, spike}. On, the
  // activation's outcome is replaced by `spike` (reset follows it); off (00), it is free.
  localparam int unsigned ClampBits   = 2;
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
  localparam int unsigned CcGroupsLsb   = 35;  // synapse groups of the core, [0, MaxGroups]; 0 = no plasticity phase
  localparam int unsigned CcGroupsBits  = 3;
  // chip configuration
  localparam int unsigned ChMaskLsb     = 0;   // D - 1, DelayBits
  localparam int unsigned ChCoresLsb    = 6;   // active cores, LdCoreBits
  localparam int unsigned ChLatencyLsb  = 16;
  localparam int unsigned LatencyBits   = 6;   // router latency, <= RouterDepth
  localparam int unsigned RouterDepth   = 32;  // events in flight per destination
  // A router queue entry's arrival cycle, modulo 2^ArrivalBits: a head is delivered in its
  // arrival cycle, never later (a destination takes one event a cycle and one arrives a
  // cycle at most), and arrives at most RouterDepth cycles ahead, so the low bits decide.
  localparam int unsigned ArrivalBits   = LatencyBits;

  // ---- plasticity (fixed_point.hpp §5, models/chip/plastic/microcode.hpp, docs/plasticity.md) ----
  localparam int unsigned TraceBits      = 16;  // x1, x2, y1, y2: unsigned, saturating
  localparam int unsigned TraceAmpBits   = 16;
  localparam int unsigned EligBits       = 16;  // e: signed, saturating
  localparam int unsigned LearnBits      = 16;  // l: signed
  localparam int unsigned RuleConstBits  = 16;  // c of a factor (f + c)
  localparam int unsigned RuleValueBits  = RuleConstBits + 2;  // f + c exactly
  localparam int unsigned RuleProductBits = 40; // a term's product, saturated
  localparam int unsigned RuleFracBits   = 16;  // the sum is in units of 2^-RuleFracBits
  localparam int unsigned RuleShiftBits  = 5;   // s in [0, 16]
  localparam int unsigned RuleSumBits    = 64;
  localparam int unsigned RuleProdRegBits = 56; // the sequential product, |p| < 2^54 (3 factors of 18 bits)
  localparam int unsigned MaxGroups      = 4;   // synapse groups a core holds y traces of
  localparam int unsigned GroupBits      = 2;
  localparam int unsigned SourceBits     = 4;   // microcode.hpp Source
  localparam int unsigned RuleTermBits   = 2;   // term index, kRuleMaxTerms = 4
  localparam int unsigned RuleSlotBits   = 2;   // slots 0..2 the factors, 3 the term header
  localparam int unsigned RuleTermsBits  = 3;   // terms of a program, [0, 4]
  typedef enum logic [SourceBits-1:0] {SrcZero = 4'd0, SrcX1 = 4'd1, SrcX2 = 4'd2, SrcY1 = 4'd3, SrcY2 = 4'd4,
                                       SrcE = 4'd5, SrcL = 4'd6, SrcW = 4'd7, SrcD = 4'd8, SrcV = 4'd9,
                                       SrcP = 4'd10} source_e;
  localparam int unsigned EventBits = 2;        // Pre 0, Post 1, Epoch 2
  localparam int unsigned TargetBits = 2;       // W 0, E 1, D 2
  localparam int unsigned Programs = 9;         // [event][target], program p = event * 3 + target
  localparam int unsigned VTestShift = 8;       // a test of v compares with c * 2^8
  // rule memory word: a factor (slots 0..2) or a term header (slot 3)
  localparam int unsigned RmSourceLsb  = 0;     // SourceBits
  localparam int unsigned RmTestBit    = 4;
  localparam int unsigned RmConstLsb   = 5;     // RuleConstBits
  localparam int unsigned RmNegBit     = 0;     // header: the term is subtracted
  localparam int unsigned RmShiftLsb   = 1;     // header: RuleShiftBits
  localparam int unsigned RmPreBit     = 6;     // header: counts only when the axon had an event
  localparam int unsigned RmFactorsLsb = 7;     // header: 2 bits, [0, 3]
  localparam int unsigned RmBits       = 21;
  localparam int unsigned RuleAddrBits = GroupBits + EventBits + TargetBits + RuleTermBits + RuleSlotBits;
  // group parameters, part 0 {x2, x1}, part 1 {y2, y1}: a trace's {amp, decay} at 0 and 32
  localparam int unsigned TpDecayLsb   = 0;     // DecayBits + 1
  localparam int unsigned TpAmpLsb     = 13;    // TraceAmpBits
  localparam int unsigned TpSecondLsb  = 32;    // the second trace (x2, y2)
  // group parameters, part 2
  localparam int unsigned GpEpochLsb   = 0;     // 16 bits: epoch period in steps, 0 = none
  localparam int unsigned GpEpochBits  = 16;
  localparam int unsigned GpNearestBit = 16;    // rounding: 1 nearest, 0 stochastic
  localparam int unsigned GpWMinLsb    = 17;    // weight code range, CodeBits each
  localparam int unsigned GpWMaxLsb    = 25;
  localparam int unsigned GpTermsLsb   = 33;    // program p's term count at GpTermsLsb + 3p
  localparam int unsigned GpParts      = 4;     // addresses per group (part 3 unused)
  // column table: per local neuron {hi, lo} into the entries; an entry locates one plastic
  // synapse onto the neuron: {lane, word, axon}
  localparam int unsigned ColIdxBits   = 20;
  localparam int unsigned CpLoLsb      = 0;
  localparam int unsigned CpHiLsb      = 20;
  localparam int unsigned CeAxonLsb    = 0;     // AxonIdBits
  localparam int unsigned CeWordLsb    = 16;    // AxBeginBits
  localparam int unsigned CeLaneLsb    = 36;    // CeLaneBits
  localparam int unsigned CeLaneBits   = 6;
  // axon table: a plastic row's group
  localparam int unsigned AxPlasticBit = 48;
  localparam int unsigned AxGroupLsb   = 49;    // GroupBits
  localparam int unsigned AxPlBits     = 51;    // the axon table width when the core has the plasticity unit
  // state read-back of the plasticity unit (dbg_pl_sel_i)
  localparam int unsigned PlDbgSelBits = 2;
  typedef enum logic [PlDbgSelBits-1:0] {PlDbgX = 2'd0, PlDbgY = 2'd1, PlDbgElig = 2'd2, PlDbgSyn = 2'd3} pl_dbg_e;
  localparam int unsigned PlDbgYBits   = MaxGroups * 2 * TraceBits;  // a y word: group g's {y2, y1} at 32g

  // ---- low-rank mode unit (fixed_point.hpp, docs/chip-spec.md §6) --------------------------
  localparam int unsigned ModeMax       = 16;  // P <= ModeMax
  localparam int unsigned ModeCntBits   = 5;   // 0..ModeMax
  localparam int unsigned ModeCodeBits  = 12;  // xi_in, xi_out, lambda: WM-bit codes in 12-bit fields
  localparam int unsigned ModeShiftBits = 5;   // s_out, s_lambda, s_in in [0, 31]
  localparam int unsigned ModeAccBits   = 41;  // the MAC's accumulator (kModeAccBits)
  // r, the rate trace, is a trace of TraceBits (kTraceBits), stepped by trace_step
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

  // A trace at the start of the plasticity phase: decayed, plus amp when it spiked, saturated
  // (fx::trace_step).
  function automatic logic [TraceBits-1:0] trace_step(input logic [TraceBits-1:0] x, input logic [DecayBits:0] d,
                                                     input logic [TraceAmpBits-1:0] amp, input logic spiked);
    logic signed [StateBits-1:0] dec;
    logic [StateBits-1:0] sum;
    dec = decay(StateBits'(x), d, DecayHalf);
    sum = unsigned'(dec) + (spiked ? StateBits'(amp) : '0);
    trace_step = (sum > StateBits'({TraceBits{1'b1}})) ? {TraceBits{1'b1}} : sum[TraceBits-1:0];
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

  // ---- the scanner's bitmap (microarch.hpp: ascending axon order) ----------------------------
  // The index of the lowest set bit of a 64-bit scan word (0 when none): w & -w keeps that
  // bit alone, and each index bit is an OR over the positions that have it (a one-hot
  // encoder, not a 64-way priority chain).
  localparam int unsigned ScanIdxBits = 6;  // log2(ScanWordBits)
  function automatic logic [ScanIdxBits-1:0] lowest_set_bit(input logic [ScanWordBits-1:0] w);
    logic [ScanWordBits-1:0] x;
    x = w & (~w + 64'd1);
    lowest_set_bit[5] = |(x & 64'hFFFF_FFFF_0000_0000);
    lowest_set_bit[4] = |(x & 64'hFFFF_0000_FFFF_0000);
    lowest_set_bit[3] = |(x & 64'hFF00_FF00_FF00_FF00);
    lowest_set_bit[2] = |(x & 64'hF0F0_F0F0_F0F0_F0F0);
    lowest_set_bit[1] = |(x & 64'hCCCC_CCCC_CCCC_CCCC);
    lowest_set_bit[0] = |(x & 64'hAAAA_AAAA_AAAA_AAAA);
  endfunction

  // ---- mode unit arithmetic (fixed_point.hpp: mode_scale; r steps with trace_step) ---------
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

endpackage
