// The neuron datapath: one timestep of one neuron in two combinational halves, one per
// stage of nmx_neuron_pipe, with the sigmoid table's synchronous read between them.
// Mirrors models/chip/neuron/neuron_fixed.hpp: subthreshold dynamics (stage a: u, the
// integrated v, and the table index from it), then activation and reset (stage b: the
// table's probability against the LFSR, or v against theta; the clamp; the reset and the
// refractory count). The pipe registers stage a's outputs and the parameters stage b needs.
module nmx_neuron
(
  // ---- stage a: subthreshold dynamics ----
  input  logic                                 a_valid_i,      // a neuron is in stage a
  input  logic signed [nmx_pkg::StateBits-1:0] u_i,
  input  logic signed [nmx_pkg::StateBits-1:0] v_i,
  input  logic [nmx_pkg::DecayBits:0]          du_i,
  input  logic [nmx_pkg::DecayBits:0]          dv_i,
  input  logic signed [nmx_pkg::StateBits-1:0] bias_i,
  input  logic [nmx_pkg::ShiftBits-1:0]        sigmoid_shift_i,
  input  logic                                 fault_round_i,  // test only: rounding constant off by one
  input  logic signed [nmx_pkg::StateBits-1:0] a_i,            // dendritic input of this step
  output logic signed [nmx_pkg::StateBits-1:0] u_sub_o,        // u after decay and input
  output logic signed [nmx_pkg::StateBits-1:0] v_sub_o,        // v integrated (before activation)
  output logic [nmx_pkg::LutIdxBits-1:0]       lut_idx_o,      // the sigmoid table's index for v_sub_o
  // ---- stage b: activation and reset (stage a's results and the neuron's old state) ----
  input  logic signed [nmx_pkg::StateBits-1:0] b_u_sub_i,
  input  logic signed [nmx_pkg::StateBits-1:0] b_v_sub_i,
  input  logic signed [nmx_pkg::StateBits-1:0] b_v_i,          // v before the step (a refractory neuron keeps it)
  input  logic [nmx_pkg::RefracBits-1:0]       b_ref_i,
  input  logic [nmx_pkg::LfsrBits-1:0]         b_lfsr_i,
  input  logic signed [nmx_pkg::StateBits-1:0] theta_i,
  input  logic [nmx_pkg::RefracBits-1:0]       refrac_i,
  input  logic                                 reset_subtract_i,
  input  logic                                 stochastic_i,
  input  logic [nmx_pkg::ClampBits-1:0]        clamp_i,        // {on, spike}: the host's teacher
  input  logic [nmx_pkg::LutBits-1:0]          lut_prob_i,     // the table at stage a's lut_idx_o
  // next state
  output logic signed [nmx_pkg::StateBits-1:0] u_o,
  output logic signed [nmx_pkg::StateBits-1:0] v_o,
  output logic [nmx_pkg::RefracBits-1:0]       ref_o,
  output logic [nmx_pkg::LfsrBits-1:0]         lfsr_o,
  output logic                                 spike_o
);

  // ---- stage a: subthreshold dynamics (u then v; the activation reads v through the table)
  logic [nmx_pkg::DecayBits-1:0] half;
  assign half = fault_round_i ? nmx_pkg::DecayHalf - 1'b1 : nmx_pkg::DecayHalf;
  always_comb begin  // zero outside the neuron phase (operand isolation: the datapath rests)
    u_sub_o   = '0;
    v_sub_o   = '0;
    lut_idx_o = '0;
    if (a_valid_i) begin
      u_sub_o   = nmx_pkg::sat_state(nmx_pkg::WideBits'(nmx_pkg::decay(u_i, du_i, half)) + nmx_pkg::WideBits'(a_i));
      v_sub_o   = nmx_pkg::sat_state(nmx_pkg::WideBits'(nmx_pkg::decay(v_i, dv_i, half)) + nmx_pkg::WideBits'(u_sub_o)
                                     + nmx_pkg::WideBits'(bias_i));
      lut_idx_o = nmx_pkg::sigmoid_index(v_sub_o, sigmoid_shift_i);
    end
  end

  // ---- stage b: activation, reset
  logic [nmx_pkg::LfsrBits-1:0] lfsr_adv;
  logic refractory, fires, spike;
  assign lfsr_adv   = nmx_pkg::lfsr_next(b_lfsr_i);
  assign refractory = b_ref_i != '0;

  always_comb begin
    // activation
    fires   = stochastic_i ? (lfsr_adv < lut_prob_i) : (b_v_sub_i >= theta_i);
    spike   = clamp_i[1] ? clamp_i[0] : fires;  // a clamped neuron's outcome is its teacher's

    u_o     = b_u_sub_i;
    v_o     = b_v_i;
    ref_o   = b_ref_i;
    lfsr_o  = b_lfsr_i;
    spike_o = 1'b0;
    if (refractory) begin
      ref_o = b_ref_i - 1'b1;
    end else begin
      v_o     = b_v_sub_i;
      lfsr_o  = stochastic_i ? lfsr_adv : b_lfsr_i;
      spike_o = spike;
      // reset (stochastic neurons do not reset)
      if (spike && !stochastic_i) begin
        v_o   = reset_subtract_i ? nmx_pkg::StateBits'(b_v_sub_i - theta_i) : '0;
        ref_o = refrac_i;
      end
    end
  end

endmodule
