// The plasticity unit's arithmetic (docs/plasticity.md, "Arithmetic"), combinational: one
// factor value f + c (or a test [f >= c]), the sequential product's next value, a term's
// contribution to the sum in units of 2^-16, and the rounded, clamped new value of a
// target. The sequencer (nmx_plasticity) holds every register.
module nmx_plastic_alu (
  // a factor: the rule memory word and the synapse's operands (values from before the event)
  input  logic [nmx_pkg::RmBits-1:0]                  rule_i,
  input  logic [nmx_pkg::TraceBits-1:0]               x1_i,
  input  logic [nmx_pkg::TraceBits-1:0]               x2_i,
  input  logic [nmx_pkg::TraceBits-1:0]               y1_i,
  input  logic [nmx_pkg::TraceBits-1:0]               y2_i,
  input  logic signed [nmx_pkg::EligBits-1:0]         e_i,
  input  logic signed [nmx_pkg::LearnBits-1:0]        l_i,
  input  logic signed [nmx_pkg::CodeBits-1:0]         w_i,
  input  logic [nmx_pkg::DelayBits-1:0]               d_i,
  input  logic signed [nmx_pkg::StateBits-1:0]        v_i,
  input  logic [nmx_pkg::LutBits-1:0]                 p_i,       // the post neuron's spike probability
  input  logic signed [nmx_pkg::RuleProdRegBits-1:0]  prod_i,
  output logic signed [nmx_pkg::RuleProdRegBits-1:0]  prod_o,    // prod_i * (f + c)
  // a term: its header and whether it counts (a post-event term that needs the pre event)
  input  logic [nmx_pkg::RuleShiftBits-1:0]           shift_i,
  input  logic                                        negative_i,
  input  logic                                        counts_i,
  input  logic                                        fault_sign_i,  // test only: every term added
  input  logic signed [nmx_pkg::RuleSumBits-1:0]      sum_i,
  output logic signed [nmx_pkg::RuleSumBits-1:0]      sum_o,     // sum_i +- sat40(prod_i) * 2^(16 - s)
  // a target: the sum rounded (nearest, or stochastic with the advanced LFSR) to delta
  input  logic                                        nearest_i,
  input  logic [nmx_pkg::LfsrBits-1:0]                lfsr_i,    // already advanced
  input  logic signed [nmx_pkg::CodeBits-1:0]         w_min_i,
  input  logic signed [nmx_pkg::CodeBits-1:0]         w_max_i,
  input  logic [nmx_pkg::DelayBits-1:0]               d_max_i,
  output logic signed [nmx_pkg::CodeBits-1:0]         w_o,       // clamp(w + delta)
  output logic signed [nmx_pkg::EligBits-1:0]         e_o,
  output logic [nmx_pkg::DelayBits-1:0]               d_o
);
  localparam int unsigned VB = nmx_pkg::StateBits + 2;  // any source, and c * 2^8, signed
  localparam int unsigned PB = nmx_pkg::RuleProdRegBits;
  localparam int unsigned SB = nmx_pkg::RuleSumBits;
  localparam int unsigned FB = nmx_pkg::RuleFracBits;
  localparam logic signed [PB-1:0] ProdMax = PB'((64'sd1 <<< (nmx_pkg::RuleProductBits - 1)) - 64'sd1);
  localparam logic signed [PB-1:0] ProdMin = PB'(-(64'sd1 <<< (nmx_pkg::RuleProductBits - 1)));
  localparam logic signed [SB-1:0] EMax = SB'((64'sd1 <<< (nmx_pkg::EligBits - 1)) - 64'sd1);
  localparam logic signed [SB-1:0] EMin = SB'(-(64'sd1 <<< (nmx_pkg::EligBits - 1)));

  // ---- factor ------------------------------------------------------------------------------
  logic [nmx_pkg::SourceBits-1:0]   src;
  logic signed [VB-1:0]             f, c, rhs, value;
  assign src = rule_i[nmx_pkg::RmSourceLsb +: nmx_pkg::SourceBits];
  assign c   = VB'(signed'(rule_i[nmx_pkg::RmConstLsb +: nmx_pkg::RuleConstBits]));
  always_comb begin
    unique case (src)
      nmx_pkg::SrcX1: f = VB'(signed'({1'b0, x1_i}));
      nmx_pkg::SrcX2: f = VB'(signed'({1'b0, x2_i}));
      nmx_pkg::SrcY1: f = VB'(signed'({1'b0, y1_i}));
      nmx_pkg::SrcY2: f = VB'(signed'({1'b0, y2_i}));
      nmx_pkg::SrcE:  f = VB'(e_i);
      nmx_pkg::SrcL:  f = VB'(l_i);
      nmx_pkg::SrcW:  f = VB'(w_i);
      nmx_pkg::SrcD:  f = VB'(signed'({1'b0, d_i}));
      nmx_pkg::SrcV:  f = VB'(v_i);
      nmx_pkg::SrcP:  f = VB'(signed'({1'b0, p_i}));
      default:        f = '0;
    endcase
  end
  // a test of v compares with c * 2^8: the membrane is 24 bits wide, c 16
  assign rhs    = (src == nmx_pkg::SrcV) ? (c <<< nmx_pkg::VTestShift) : c;
  assign value  = (rule_i[nmx_pkg::RmTestBit] || src == nmx_pkg::SrcV) ? VB'(f >= rhs) : f + c;  // v: only tested
  assign prod_o = prod_i * PB'(value);

  // ---- term --------------------------------------------------------------------------------
  logic signed [PB-1:0] sat;
  logic signed [SB-1:0] term;
  assign sat   = (prod_i > ProdMax) ? ProdMax : (prod_i < ProdMin) ? ProdMin : prod_i;
  logic signed [SB-1:0] sat_wide;
  assign sat_wide = SB'(sat);  // sign-extended before the shift
  assign term  = counts_i ? (sat_wide <<< (nmx_pkg::RuleShiftBits'(FB) - shift_i)) : SB'(0);
  assign sum_o = (negative_i && !fault_sign_i) ? sum_i - term : sum_i + term;

  // ---- target ------------------------------------------------------------------------------
  logic [FB-1:0]        frac;
  logic signed [SB-1:0] delta, floor_sum, half_up, round_up, w_new, e_new, d_new;
  assign frac      = sum_i[FB-1:0];
  assign floor_sum = sum_i >>> FB;                              // arithmetic: floor
  assign half_up   = (sum_i + (SB'(1) <<< (FB - 1))) >>> FB;      // nearest, half up
  assign round_up  = (frac != '0 && lfsr_i <= frac) ? SB'(1) : SB'(0);
  assign delta     = nearest_i ? half_up : floor_sum + round_up;
  assign w_new = SB'(w_i) + delta;
  assign e_new = SB'(e_i) + delta;
  assign d_new = SB'(signed'({1'b0, d_i})) + delta;
  assign w_o   = (w_new > SB'(w_max_i)) ? w_max_i : (w_new < SB'(w_min_i)) ? w_min_i : w_new[nmx_pkg::CodeBits-1:0];
  assign e_o   = (e_new > EMax) ? EMax[nmx_pkg::EligBits-1:0] : (e_new < EMin) ? EMin[nmx_pkg::EligBits-1:0]
                                                                             : e_new[nmx_pkg::EligBits-1:0];
  assign d_o   = (d_new > SB'(signed'({1'b0, d_max_i}))) ? d_max_i : (d_new < 0) ? '0 : d_new[nmx_pkg::DelayBits-1:0];
endmodule
