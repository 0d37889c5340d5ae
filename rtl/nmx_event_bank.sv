// One bank of the axon event buffer (rtl/nmx_scanner.sv): Words x 64 event bits and a live
// bit a word, in flip-flops. A router delivery sets one bit a cycle; the end of the bank's
// step (or a new sample) clears every bit at once; the scanner reads one word and the
// plasticity unit one bit, combinationally. Word-addressed rather than one Words*64-bit
// vector, so that a cycle touches one word: a simulator no longer copies the whole bank
// every cycle, and yosys elaborates a 65,536-axon bank quickly. The one place to swap in a
// custom flag-array macro.
module nmx_event_bank
#(
  parameter int unsigned Words = 16,
  localparam int unsigned WordBits = nmx_pkg::ScanWordBits,
  localparam int unsigned WordIdxW = Words > 1 ? $clog2(Words) : 1,
  localparam int unsigned BitW = $clog2(WordBits)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                set_i,        // set bit set_bit_i of word set_word_i
  input  logic [WordIdxW-1:0] set_word_i,
  input  logic [BitW-1:0]     set_bit_i,
  input  logic                clr_i,        // every bit to 0 (wins over set_i)
  input  logic [WordIdxW-1:0] rd_word_i,
  output logic [WordBits-1:0] rd_word_o,
  input  logic [WordIdxW-1:0] bit_word_i,
  input  logic [BitW-1:0]     bit_i,
  output logic                bit_o
);
  // A word counts only while its live bit is set: clearing the bank clears the Words live
  // bits, not the Words x 64 event bits (a flash clear of a flag per word). The words need
  // no reset: a word is written before its live bit is set. mem2reg: yosys keeps them as
  // flip-flops (two read ports, no SRAM) without warning that it does so.
  logic [Words-1:0]                  live_q;
  (* mem2reg *) logic [WordBits-1:0] bits_q [Words];
  logic [WordBits-1:0]               set_old, set_new;

  assign set_old = live_q[set_word_i] ? bits_q[set_word_i] : '0;
  assign set_new = set_old | (WordBits'(1) << set_bit_i);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)     live_q <= '0;
    else if (clr_i)  live_q <= '0;
    else if (set_i)  live_q[set_word_i] <= 1'b1;
  end
  always_ff @(posedge clk_i) begin
    if (set_i && !clr_i) bits_q[set_word_i] <= set_new;
  end

  assign rd_word_o = live_q[rd_word_i] ? bits_q[rd_word_i] : '0;
  assign bit_o     = live_q[bit_word_i] && bits_q[bit_word_i][bit_i];
endmodule
