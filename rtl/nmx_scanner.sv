// The synaptic phase's front end (docs/cycle-model.md): the two-bank axon event buffer,
// the bitmap scan in ascending axon order, the axon table, and the row sequencer that
// feeds the synapse engine one word per beat. Cycles follow models/chip/hw/microarch.hpp:
// ceil(A_used/64) scan cycles + per row (1 descriptor + beats) + SynapsePipe drain cycles.
// The timestep counter lives here too: the synapse lanes and the ring read it.
// With Plasticity, the axon table holds each row's synapse group too, and the plasticity
// unit reads it (and this step's event bits) while the scanner waits.
// A row is either general (SynWords memory, a synapse slot a lane with its post) or packed
// ternary (AxPackedBit, TernWords memory, post implicit): the scanner hands the engine the
// row's memory, its word and, for packed rows, the post of the beat's lane 0.
module nmx_scanner
#(
  parameter int unsigned A        = 1024,
  parameter int unsigned Lanes    = 8,
  parameter int unsigned SynWords = 32768,
  parameter int unsigned TernWords = 32768,
  parameter bit          Plasticity = 1'b0,
  localparam int unsigned DescW = Plasticity ? nmx_pkg::AxPlBits : nmx_pkg::AxBits,
  localparam int unsigned AW = A > 1 ? $clog2(A) : 1,
  localparam int unsigned SW = SynWords > 1 ? $clog2(SynWords) : 1,
  localparam int unsigned TW = TernWords > 1 ? $clog2(TernWords) : 1,
  localparam int unsigned RowW = SW > TW ? SW : TW  // a word address in either memory
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,
  input  logic                                en_i,
  input  logic                                clear_i,
  input  logic                                start_i,     // first cycle of a compute step
  input  logic                                swap_i,      // end of any step: the banks swap
  input  logic                                tick_i,      // end of a compute step: t advances
  input  logic [nmx_pkg::CcAxonsBits-1:0]     cfg_axons_i,
  // router delivery into the next-step bank
  input  logic                                ev_valid_i,
  input  logic [nmx_pkg::AxonIdBits-1:0]      ev_axon_i,
  // axon table load
  input  logic                                axon_we_i,
  input  logic [AW-1:0]                       axon_waddr_i,
  input  logic [DescW-1:0]                    axon_wdata_i,
  // the plasticity unit: the axon table's read port while it runs, and an event bit of this step
  input  logic                                pl_sel_i,
  input  logic [AW-1:0]                       pl_axon_i,
  output logic [DescW-1:0]                    desc_o,
  input  logic [AW-1:0]                       pl_ev_axon_i,
  output logic                                pl_ev_o,
  // to the synapse engine: one synapse word per beat
  output logic                                beat_o,
  output logic [RowW-1:0]                     row_word_o,
  output logic                                row_packed_o, // the word is in the packed ternary memory
  output logic [nmx_pkg::SynPostBits-1:0]     row_base_o,   // packed: the post of lane 0 in this beat
  output logic                                row_tern_o,
  output logic [nmx_pkg::ExpBits-1:0]         row_exp_o,
  output logic [nmx_pkg::MantBits-1:0]        row_mant_o,
  output logic [nmx_pkg::DelayBits-1:0]       t_o,
  output logic                                syn_done_o,  // last synaptic cycle: the neuron phase follows
  output logic                                synaptic_o   // in the synaptic phase this cycle
);

  localparam int unsigned WordBits  = nmx_pkg::ScanWordBits;
  localparam int unsigned Words     = (A + WordBits - 1) / WordBits;
  localparam int unsigned WW        = $clog2(Words + 1);            // 0..Words
  localparam int unsigned WordIdxW  = Words > 1 ? $clog2(Words) : 1;
  localparam int unsigned BitW      = $clog2(WordBits);
  localparam int unsigned BufBits   = Words * WordBits;
  localparam int unsigned EvIdxW    = $clog2(BufBits);
  localparam int unsigned LaneShift = $clog2(Lanes);
  localparam logic [nmx_pkg::PipeCntBits-1:0] DrainLast = nmx_pkg::PipeCntBits'(nmx_pkg::SynapsePipe - 1);

  typedef enum logic [2:0] {Idle, Scan, Desc, Beat, Drain, Wait} state_e;

  // ---- state ---------------------------------------------------------------------------
  state_e                          state_q, state_d, st;
  logic                            cur_q, cur_d;        // bank of this step (the other fills)
  logic [nmx_pkg::DelayBits-1:0]   t_q, t_d;
  logic [WW-1:0]                   w_q, w_d, w_eff;
  logic [WordBits-1:0]             word_q, word_d;
  logic [nmx_pkg::PipeCntBits-1:0] cnt_q, cnt_d, cnt_eff;
  logic [RowW-1:0]                 row_word_q, row_word_d;
  logic                            row_packed_q, row_packed_d;
  logic [nmx_pkg::SynPostBits-1:0] row_base_q, row_base_d;
  logic [nmx_pkg::AxLenBits-1:0]   beats_q, beats_d;
  logic                            row_tern_q, row_tern_d;
  logic [nmx_pkg::ExpBits-1:0]     row_exp_q, row_exp_d;
  logic [nmx_pkg::MantBits-1:0]    row_mant_q, row_mant_d;

  // ---- scan ------------------------------------------------------------------------------
  logic [nmx_pkg::CcAxonsBits:0]   words_full;
  logic [WW-1:0]                   words_used;
  logic [EvIdxW-1:0]               ev_idx, pl_ev_idx;
  logic                            ev_in;   // a delivery to a bit of the bitmap
  logic [WordBits-1:0]             scan_word, scan0, scan1;
  logic                            ev_bit0, ev_bit1;
  logic [WordIdxW-1:0]             ev_word, pl_word, rd_word;
  logic [BitW-1:0]                 ev_bit, pl_bit;
  logic                            set0, set1, clr0, clr1;
  logic [BitW-1:0]                 low_bit_d;
  logic [AW-1:0]                   axon_d;
  logic [DescW-1:0]                desc;
  logic [nmx_pkg::AxLenBits-1:0]   desc_len, row_beats;
  logic                            more_bits, more_words, drain_done;

  assign words_full = ({1'b0, cfg_axons_i} + (nmx_pkg::CcAxonsBits + 1)'(WordBits - 1)) >> BitW;
  assign words_used = WW'(words_full);
  // An idle core told to start acts this very cycle as the first state of the phase.
  assign st        = (state_q == Idle && start_i) ? ((words_used != '0) ? Scan : Drain) : state_q;
  assign w_eff     = (state_q == Idle) ? '0 : w_q;
  assign cnt_eff   = (state_q == Idle) ? DrainLast : cnt_q;
  assign ev_in     = ev_valid_i && 32'(ev_axon_i) < BufBits;
  assign ev_idx    = EvIdxW'(ev_axon_i);
  assign pl_ev_idx = EvIdxW'(pl_ev_axon_i);

  // ---- the event buffer: two banks, one filling (router deliveries of the next step) while
  // the scan reads the other. A delivery needs the core running; a swap empties the bank
  // just consumed; a new sample empties both.
  assign set0 = en_i && ev_in && cur_q;
  assign set1 = en_i && ev_in && !cur_q;
  assign clr0 = clear_i || (swap_i && en_i && !cur_q);
  assign clr1 = clear_i || (swap_i && en_i && cur_q);
  assign ev_word  = WordIdxW'(ev_idx >> BitW);
  assign ev_bit   = ev_idx[BitW-1:0];
  assign pl_word  = WordIdxW'(pl_ev_idx >> BitW);
  assign pl_bit   = pl_ev_idx[BitW-1:0];
  assign rd_word  = w_eff[WordIdxW-1:0];
  nmx_event_bank #(.Words (Words)) u_bank0 (
    .clk_i, .rst_ni, .set_i (set0), .set_word_i (ev_word), .set_bit_i (ev_bit), .clr_i (clr0),
    .rd_word_i (rd_word), .rd_word_o (scan0), .bit_word_i (pl_word), .bit_i (pl_bit), .bit_o (ev_bit0)
  );
  nmx_event_bank #(.Words (Words)) u_bank1 (
    .clk_i, .rst_ni, .set_i (set1), .set_word_i (ev_word), .set_bit_i (ev_bit), .clr_i (clr1),
    .rd_word_i (rd_word), .rd_word_o (scan1), .bit_word_i (pl_word), .bit_i (pl_bit), .bit_o (ev_bit1)
  );
  // this step's bank: swapped and cleared only at the step's end
  assign scan_word = cur_q ? scan1 : scan0;
  assign pl_ev_o   = cur_q ? ev_bit1 : ev_bit0;

  if (WordBits != 64 || BitW != nmx_pkg::ScanIdxBits) begin : g_word_check
    $error("nmx_scanner: nmx_pkg::lowest_set_bit encodes 64-bit scan words");
  end
  assign low_bit_d = nmx_pkg::lowest_set_bit(word_d);

  // The axon table is read with the next {w, lowest set bit of word}, every cycle: the
  // macro's read register holds the descriptor of the axon {w_q, lowest set bit of word_q}
  // in state Desc.
  assign axon_d     = AW'({w_d, low_bit_d});
  assign desc_len   = desc[nmx_pkg::AxLenLsb +: nmx_pkg::AxLenBits];
  assign row_beats  = desc[nmx_pkg::AxDenseBit]
                    ? nmx_pkg::AxLenBits'((desc_len + nmx_pkg::AxLenBits'(Lanes - 1)) >> LaneShift) : desc_len;
  assign more_words = (w_eff + 1'b1) < words_used;
  assign more_bits  = word_q != '0;
  assign drain_done = st == Drain && cnt_eff == '0;

  nmx_sram #(.Width (DescW), .Depth (A)) u_desc_mem (
    .clk_i, .we_i (axon_we_i), .waddr_i (axon_waddr_i), .wdata_i (axon_wdata_i), .re_i (1'b1),
    .raddr_i (pl_sel_i ? pl_axon_i : axon_d), .rdata_o (desc)
  );

  // ---- next state ------------------------------------------------------------------------
  always_comb begin
    state_d    = st;
    cur_d      = cur_q;
    t_d        = t_q;
    w_d        = w_eff;
    word_d     = word_q;
    cnt_d      = cnt_eff;
    row_word_d = row_word_q;
    row_packed_d = row_packed_q;
    row_base_d = row_base_q;
    beats_d    = beats_q;
    row_tern_d = row_tern_q;
    row_exp_d  = row_exp_q;
    row_mant_d = row_mant_q;

    unique case (st)
      Scan: begin
        word_d = scan_word;
        if (scan_word != '0) state_d = Desc;
        else if (more_words) w_d = w_eff + 1'b1;
        else begin
          state_d = Drain;
          cnt_d   = DrainLast;
        end
      end
      Desc: begin
        word_d     = word_q & (word_q - 1'b1);  // the lowest set bit (low_bit's) cleared
        row_word_d = RowW'(desc[nmx_pkg::AxBeginLsb +: nmx_pkg::AxBeginBits]);
        row_packed_d = desc[nmx_pkg::AxPackedBit];
        row_base_d = '0;
        beats_d    = row_beats;
        row_tern_d = desc[nmx_pkg::AxTernBit];
        row_exp_d  = desc[nmx_pkg::AxExpLsb +: nmx_pkg::ExpBits];
        row_mant_d = desc[nmx_pkg::AxMantLsb +: nmx_pkg::MantBits];
        state_d    = Beat;
      end
      Beat: begin
        row_word_d = row_word_q + 1'b1;
        row_base_d = row_base_q + nmx_pkg::SynPostBits'(Lanes);
        beats_d    = beats_q - 1'b1;
        if (beats_q == nmx_pkg::AxLenBits'(1)) begin
          if (more_bits) state_d = Desc;
          else if (more_words) begin
            state_d = Scan;
            w_d     = w_q + 1'b1;
          end else begin
            state_d = Drain;
            cnt_d   = DrainLast;
          end
        end
      end
      Drain: begin
        if (cnt_eff == '0) state_d = Wait;
        else cnt_d = cnt_eff - 1'b1;
      end
      default: ;
    endcase

    if (swap_i) begin  // the bank just consumed (emptied) becomes the next-step bank
      state_d = Idle;
      cur_d   = ~cur_q;
      if (tick_i) t_d = t_q + 1'b1;
    end

    if (!en_i) begin  // frozen: the host loads
      state_d    = state_q;
      cur_d      = cur_q;
      t_d        = t_q;
      w_d        = w_q;
      word_d     = word_q;
      cnt_d      = cnt_q;
      row_word_d = row_word_q;
      row_packed_d = row_packed_q;
      row_base_d = row_base_q;
      beats_d    = beats_q;
      row_tern_d = row_tern_q;
      row_exp_d  = row_exp_q;
      row_mant_d = row_mant_q;
    end
    if (clear_i) begin  // a sample starts
      state_d = Idle;
      cur_d   = 1'b0;
      t_d     = '0;
    end
  end

  // ---- flops ---------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      cur_q   <= 1'b0;
      t_q     <= '0;
      w_q     <= '0;
      cnt_q   <= '0;
      beats_q <= '0;
    end else begin
      state_q <= state_d;
      cur_q   <= cur_d;
      t_q     <= t_d;
      w_q     <= w_d;
      cnt_q   <= cnt_d;
      beats_q <= beats_d;
    end
  end

  always_ff @(posedge clk_i) begin
    word_q     <= word_d;
    row_word_q <= row_word_d;
    row_packed_q <= row_packed_d;
    row_base_q <= row_base_d;
    row_tern_q <= row_tern_d;
    row_exp_q  <= row_exp_d;
    row_mant_q <= row_mant_d;
  end

  assign beat_o     = st == Beat;
  assign row_word_o = row_word_q;
  assign row_packed_o = row_packed_q;
  assign row_base_o = row_base_q;
  assign row_tern_o = row_tern_q;
  assign row_exp_o  = row_exp_q;
  assign row_mant_o = row_mant_q;
  assign t_o        = t_q;
  assign syn_done_o = drain_done;
  assign synaptic_o = st == Scan || st == Desc || st == Beat || st == Drain;
  assign desc_o     = desc;

  logic unused;
  assign unused = ^{words_full, desc};
endmodule
