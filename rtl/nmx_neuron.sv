// The neuron datapath: one timestep of one neuron, combinational (the b stage of
// nmx_neuron_pipe). Mirrors models/chip/neuron/neuron_fixed.hpp: subthreshold dynamics, activation, reset.
module nmx_neuron
(
  // state
  input  logic signed [nmx_pkg::StateBits-1:0] u_i,
  input  logic signed [nmx_pkg::StateBits-1:0] v_i,
  input  logic [nmx_pkg::RefracBits-1:0]       ref_i,
  input  logic [nmx_pkg::LfsrBits-1:0]         lfsr_i,
  // parameters
  input  logic [nmx_pkg::DecayBits:0]          du_i,
  input  logic [nmx_pkg::DecayBits:0]          dv_i,
  input  logic signed [nmx_pkg::StateBits-1:0] theta_i,
  input  logic signed [nmx_pkg::StateBits-1:0] bias_i,
  input  logic [nmx_pkg::RefracBits-1:0]       refrac_i,
  input  logic                        reset_subtract_i,
  input  logic                        stochastic_i,
  input  logic [nmx_pkg::ClampBits-1:0] clamp_i,   // {on, spike}: the host's teacher
  input  logic [nmx_pkg::ShiftBits-1:0] sigmoid_shift_i,
  input  logic                        fault_round_i,  // test only: rounding constant off by one
  // dendritic input of this step, and the sigmoid table read at lut_idx_o
  input  logic signed [nmx_pkg::StateBits-1:0] a_i,
  output logic [nmx_pkg::LutIdxBits-1:0] lut_idx_o,
  input  logic [nmx_pkg::LutBits-1:0]  lut_prob_i,
  // next state
  output logic signed [nmx_pkg::StateBits-1:0] u_o,
  output logic signed [nmx_pkg::StateBits-1:0] v_o,
  output logic [nmx_pkg::RefracBits-1:0]       ref_o,
  output logic [nmx_pkg::LfsrBits-1:0]         lfsr_o,
  output logic                        spike_o
);

  logic signed [nmx_pkg::StateBits-1:0] u_new, v_int;
  logic [nmx_pkg::LfsrBits-1:0] lfsr_adv;
  logic refractory, fires, spike;

  // subthreshold dynamics (apart from the activation, so the table read is no loop)
  logic [nmx_pkg::DecayBits-1:0] half;
  assign half       = fault_round_i ? nmx_pkg::DecayHalf - 1'b1 : nmx_pkg::DecayHalf;
  assign u_new      = nmx_pkg::sat_state(nmx_pkg::WideBits'(nmx_pkg::decay(u_i, du_i, half)) + nmx_pkg::WideBits'(a_i));
  assign refractory = ref_i != '0;
  assign v_int      = nmx_pkg::sat_state(nmx_pkg::WideBits'(nmx_pkg::decay(v_i, dv_i, half)) + nmx_pkg::WideBits'(u_new) + nmx_pkg::WideBits'(bias_i));
  assign lfsr_adv   = nmx_pkg::lfsr_next(lfsr_i);
  assign lut_idx_o  = nmx_pkg::sigmoid_index(v_int, sigmoid_shift_i);

  always_comb begin
    // activation
    fires   = stochastic_i ? (lfsr_adv < lut_prob_i) : (v_int >= theta_i);
    spike   = clamp_i[1] ? clamp_i[0] : fires;  // a clamped neuron's outcome is its teacher's

    u_o     = u_new;
    v_o     = v_i;
    ref_o   = ref_i;
    lfsr_o  = lfsr_i;
    spike_o = 1'b0;
    if (refractory) begin
      ref_o = ref_i - 1'b1;
    end else begin
      v_o     = v_int;
      lfsr_o  = stochastic_i ? lfsr_adv : lfsr_i;
      spike_o = spike;
      // reset (stochastic neurons do not reset)
      if (spike && !stochastic_i) begin
        v_o   = reset_subtract_i ? nmx_pkg::StateBits'(v_int - theta_i) : '0;
        ref_o = refrac_i;
      end
    end
  end

endmodule
