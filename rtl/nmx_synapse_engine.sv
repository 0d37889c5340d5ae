// The L-lane synapse engine: stage 1 reads one word of every lane's synapse memory per
// beat, stage 2 (nmx_synapse_lane) decodes, scales and slots each synapse. Each lane has
// two memories: the general one (SynWords words of a SynBits slot: valid, post, code,
// delay), and the packed ternary one (TernWords words of 2 + log2(DMax) bits: code, delay;
// the post is the beat's position in a dense row). A beat reads the one its row lives in;
// stage 1 unpacks a packed word into the general slot's fields. Its outputs,
// one per lane, feed the accumulator ring's read-modify-write (stage 3). The plasticity unit
// owns the memory's ports in its phase (and the read port for the state read-back): it
// reads a word of every lane and writes one lane.
module nmx_synapse_engine
#(
  parameter int unsigned N        = 256,
  parameter int unsigned DMax     = 64,
  parameter int unsigned Lanes    = 8,
  parameter int unsigned SynWords = 32768,
  parameter int unsigned TernWords = 32768,
  localparam int unsigned NW = N > 1 ? $clog2(N) : 1,
  localparam int unsigned DW = DMax > 1 ? $clog2(DMax) : 1,
  localparam int unsigned SW = SynWords > 1 ? $clog2(SynWords) : 1,
  localparam int unsigned TW = TernWords > 1 ? $clog2(TernWords) : 1,
  localparam int unsigned RowW = SW > TW ? SW : TW,
  localparam int unsigned TernBits = nmx_pkg::TernCodeBits + DW  // a packed synapse
) (
  input  logic                                     clk_i,
  input  logic                                     rst_ni,
  input  logic                                     en_i,
  input  logic                                     clear_i,
  // from the scanner
  input  logic                                     beat_i,
  input  logic [RowW-1:0]                          row_word_i,
  input  logic                                     row_packed_i,
  input  logic [nmx_pkg::SynPostBits-1:0]          row_base_i,
  input  logic                                     row_tern_i,
  input  logic [nmx_pkg::ExpBits-1:0]              row_exp_i,
  input  logic [nmx_pkg::MantBits-1:0]             row_mant_i,
  input  logic [nmx_pkg::DelayBits-1:0]            t_i,
  input  logic [nmx_pkg::DelayBits-1:0]            d_mask_i,
  input  logic                                     fault_delay_i,
  // synapse memory load: one word of every lane
  input  logic                                     syn_we_i,
  input  logic [SW-1:0]                            syn_waddr_i,
  input  logic [Lanes*nmx_pkg::LaneStride-1:0]     syn_wdata_i,
  // packed ternary memory load: one word of every lane (the same data lanes)
  input  logic                                     tern_we_i,
  input  logic [TW-1:0]                            tern_waddr_i,
  // the plasticity unit's ports (never while the synaptic phase runs or the host loads)
  input  logic                                     pl_sel_i,     // the read port reads pl_raddr_i
  input  logic [SW-1:0]                            pl_raddr_i,
  input  logic [Lanes-1:0]                         pl_we_i,      // one lane's word
  input  logic [SW-1:0]                            pl_waddr_i,
  input  logic [nmx_pkg::SynBits-1:0]              pl_wdata_i,
  output logic [Lanes*nmx_pkg::SynBits-1:0]        syn_rdata_o,  // the read register, every lane
  // stage 2 registers, lane l at [l]
  output logic [Lanes-1:0]                         valid_o,
  output logic [Lanes*NW-1:0]                      post_o,
  output logic [Lanes*DW-1:0]                      slot_o,
  output logic [Lanes*nmx_pkg::StateBits-1:0]      w_o,
  // their next values (the ring's early read)
  output logic [Lanes-1:0]                         valid_d_o,
  output logic [Lanes*NW-1:0]                      post_d_o,
  output logic [Lanes*DW-1:0]                      slot_d_o
);

  // stage 1: the row's scale travels with its words
  logic                          p1_valid_q, p1_valid_d;
  logic                          p1_tern_q, p1_tern_d;
  logic                          p1_packed_q, p1_packed_d;
  logic [nmx_pkg::SynPostBits-1:0] p1_base_q, p1_base_d;
  logic [nmx_pkg::ExpBits-1:0]   p1_exp_q, p1_exp_d;
  logic [nmx_pkg::MantBits-1:0]  p1_mant_q, p1_mant_d;

  always_comb begin
    p1_valid_d = p1_valid_q;
    p1_tern_d  = p1_tern_q;
    p1_packed_d = p1_packed_q;
    p1_base_d  = p1_base_q;
    p1_exp_d   = p1_exp_q;
    p1_mant_d  = p1_mant_q;
    if (clear_i) p1_valid_d = 1'b0;
    else if (en_i) begin
      p1_valid_d = beat_i;
      p1_tern_d  = row_tern_i;
      p1_packed_d = row_packed_i;
      p1_base_d  = row_base_i;
      p1_exp_d   = row_exp_i;
      p1_mant_d  = row_mant_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) p1_valid_q <= 1'b0;
    else         p1_valid_q <= p1_valid_d;
  end

  always_ff @(posedge clk_i) begin
    p1_tern_q <= p1_tern_d;
    p1_packed_q <= p1_packed_d;
    p1_base_q <= p1_base_d;
    p1_exp_q  <= p1_exp_d;
    p1_mant_q <= p1_mant_d;
  end

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    logic [nmx_pkg::SynBits-1:0] p1_syn_q, p1_word;
    logic [TernBits-1:0]         p1_packed_word_q;
    logic [nmx_pkg::SynPostBits-1:0] packed_post;
    logic signed [nmx_pkg::StateBits-1:0] w;
    logic [SW-1:0]               syn_raddr;  // the plasticity unit's word in its phase, else the beat's

    assign syn_raddr = pl_sel_i ? pl_raddr_i : SW'(row_word_i);

    // The macros' read registers are stage 1's word registers (read while en_i); a beat
    // reads the memory its row lives in.
    nmx_sram #(.Width (nmx_pkg::SynBits), .Depth (SynWords)) u_syn_mem (
      .clk_i, .we_i (syn_we_i || pl_we_i[l]), .waddr_i (pl_we_i[l] ? pl_waddr_i : syn_waddr_i),
      .wdata_i (pl_we_i[l] ? pl_wdata_i : syn_wdata_i[nmx_pkg::LaneStride*l +: nmx_pkg::SynBits]),
      .re_i ((en_i && !(beat_i && row_packed_i)) || pl_sel_i), .raddr_i (syn_raddr),
      .rdata_o (p1_syn_q)
    );
    assign syn_rdata_o[nmx_pkg::SynBits*l +: nmx_pkg::SynBits] = p1_syn_q;

    nmx_sram #(.Width (TernBits), .Depth (TernWords)) u_tern_mem (
      .clk_i, .we_i (tern_we_i), .waddr_i (tern_waddr_i), .wdata_i (syn_wdata_i[nmx_pkg::LaneStride*l +: TernBits]),
      .re_i (en_i && beat_i && row_packed_i), .raddr_i (TW'(row_word_i)), .rdata_o (p1_packed_word_q)
    );

    // A packed synapse as the general slot's fields: a zero code is no synapse (it would
    // add 0), which also covers the lanes past the row's end in its last beat.
    // Outside a beat the lane sees an empty slot (operand isolation: nothing downstream
    // moves, and a simulator skips the lane).
    assign packed_post = p1_base_q + nmx_pkg::SynPostBits'(l);
    always_comb begin
      p1_word = '0;
      if (p1_valid_q && p1_packed_q) begin
        p1_word[nmx_pkg::SynValidBit] = p1_packed_word_q[nmx_pkg::TernCodeLsb];
        p1_word[nmx_pkg::SynPostLsb +: nmx_pkg::SynPostBits] = packed_post;
        p1_word[nmx_pkg::SynCodeLsb +: nmx_pkg::TernCodeBits] =
          p1_packed_word_q[nmx_pkg::TernCodeLsb +: nmx_pkg::TernCodeBits];
        p1_word[nmx_pkg::SynDelayLsb +: DW] = p1_packed_word_q[nmx_pkg::TernDelayLsb +: DW];
      end else if (p1_valid_q) begin
        p1_word = p1_syn_q;
      end
    end

    nmx_synapse_lane #(.NW (NW), .DW (DW)) u_lane (
      .clk_i, .rst_ni, .en_i, .clear_i, .valid_i (p1_valid_q), .syn_i (p1_word), .ternary_i (p1_tern_q),
      .mant_i (p1_mant_q), .exp_i (p1_exp_q), .t_i, .d_mask_i, .fault_delay_i,
      .valid_o (valid_o[l]), .post_o (post_o[NW*l +: NW]), .slot_o (slot_o[DW*l +: DW]), .w_o (w),
      .valid_d_o (valid_d_o[l]), .post_d_o (post_d_o[NW*l +: NW]), .slot_d_o (slot_d_o[DW*l +: DW])
    );
    assign w_o[nmx_pkg::StateBits*l +: nmx_pkg::StateBits] = w;
  end

  logic unused;
  assign unused = ^syn_wdata_i;  // the bits between lanes
endmodule
