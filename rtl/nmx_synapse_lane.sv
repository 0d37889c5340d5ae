// One lane of the synapse engine, stage 2 of the synaptic pipeline: the synapse word read
// from the lane's memory is decoded (weight code), scaled (mant * 2^exp, saturated) and
// given its ring slot (t + delay) mod D. The outputs are registers: the core's stage 3
// (the ring's read-modify-write) reads them in the next cycle.
module nmx_synapse_lane
#(
  parameter int unsigned NW = 8,  // post-synaptic neuron index bits
  parameter int unsigned DW = 6   // ring slot bits
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 en_i,
  input  logic                                 clear_i,
  input  logic                                 valid_i,       // a beat's word is on syn_i
  input  logic [nmx_pkg::SynBits-1:0]          syn_i,
  input  logic                                 ternary_i,
  input  logic [nmx_pkg::MantBits-1:0]         mant_i,
  input  logic [nmx_pkg::ExpBits-1:0]          exp_i,
  input  logic [nmx_pkg::DelayBits-1:0]        t_i,           // timestep mod 64
  input  logic [nmx_pkg::DelayBits-1:0]        d_mask_i,      // D - 1
  input  logic                                 fault_delay_i, // test only: every delay + 1
  output logic                                 valid_o,
  output logic [NW-1:0]                        post_o,
  output logic [DW-1:0]                        slot_o,
  output logic signed [nmx_pkg::StateBits-1:0] w_o,
  // the next values of valid, post, slot: the ring reads its banks a cycle early
  output logic                                 valid_d_o,
  output logic [NW-1:0]                        post_d_o,
  output logic [DW-1:0]                        slot_d_o
);

  logic valid_q, valid_d;
  logic [NW-1:0] post_q, post_d;
  logic [DW-1:0] slot_q, slot_d;
  logic signed [nmx_pkg::StateBits-1:0] w_q, w_d;
  logic [nmx_pkg::DelayBits-1:0] slot_full;
  logic [nmx_pkg::SynPostBits-1:0] post_field;

  always_comb begin
    valid_d    = valid_q;
    post_d     = post_q;
    slot_d     = slot_q;
    w_d        = w_q;
    slot_full  = '0;
    post_field = '0;
    if (clear_i) begin
      valid_d = 1'b0;
    end else if (en_i) begin
      valid_d = valid_i && syn_i[nmx_pkg::SynValidBit];
      // A slot with no synapse leaves post, slot and weight as they were: nothing reads them
      // (the registers' enable, and no decode or scale outside the synaptic phase)
      if (valid_d) begin
        slot_full  = (t_i + syn_i[nmx_pkg::SynDelayLsb +: nmx_pkg::DelayBits]
                      + nmx_pkg::DelayBits'(fault_delay_i)) & d_mask_i;
        post_field = syn_i[nmx_pkg::SynPostLsb +: nmx_pkg::SynPostBits];
        post_d = post_field[NW-1:0];
        slot_d = slot_full[DW-1:0];
        w_d    = nmx_pkg::effective_weight(
                   nmx_pkg::decode_code(syn_i[nmx_pkg::SynCodeLsb +: nmx_pkg::CodeBits], ternary_i), mant_i, exp_i);
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) valid_q <= 1'b0;
    else         valid_q <= valid_d;
  end

  always_ff @(posedge clk_i) begin
    post_q <= post_d;
    slot_q <= slot_d;
    w_q    <= w_d;
  end

  assign valid_o = valid_q;
  assign post_o  = post_q;
  assign slot_o  = slot_q;
  assign w_o     = w_q;
  assign valid_d_o = valid_d;
  assign post_d_o  = post_d;
  assign slot_d_o  = slot_d;

  logic unused;
  assign unused = ^{post_field, slot_full};
endmodule
