// Writes the seeds that only embscope itself can make:
//   make_fuzz_seeds CHECKPOINT_DIR SESSION_DIR
// a run on checkpoint_corpus() stopped half-way (fuzz_checkpoint), and a session as the GUI saves
// it, checksum included (fuzz_session).
#include <QString>
#include <cstdio>

#include "checkpoint_corpus.hpp"
#include "embscope/training/word2vec_trainer.hpp"
#include "session.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_fuzz_seeds CHECKPOINT_DIR SESSION_DIR\n");
    return 2;
  }
  embscope::Word2VecTrainer trainer(embscope::fuzz::checkpoint_corpus(), {.dim = 4,
                                                                          .window = 2,
                                                                          .negative = 2,
                                                                          .epochs = 2,
                                                                          .threads = 2,
                                                                          .seed = 3,
                                                                          .padding_idx = 0});
  trainer.step(trainer.progress().total_words / 2);
  trainer.save_checkpoint(std::string(argv[1]) + "/half_way.ckpt");

  embscope::ui::Session session;
  const QString folder = QString::fromLocal8Bit(argv[2]);
  session.data_path = folder + "/vectors.txt";
  session.projection.axes = {"woman - man", "", ""};
  session.appearance.colour_by = embscope::ui::ColourBy::Metadata;
  session.appearance.metadata_column = "pos";
  session.camera = embscope::ui::CameraState{{1, 2, 3}, {0, 0, 0}, {0, 1, 0}, 30, true, 2};
  session.selected_word = "cat";
  session.lookup = "0, 2, 4";
  const QString error = embscope::ui::saveSession(folder + "/view.embscope.json", session);
  if (!error.isEmpty()) {
    std::fprintf(stderr, "%s\n", qPrintable(error));
    return 1;
  }
  return 0;
}
