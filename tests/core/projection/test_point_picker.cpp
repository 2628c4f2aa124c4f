#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <random>

#include "embscope/projection/point_picker.hpp"

namespace embscope {
namespace {

// A perspective camera as VTK builds it: look-at view matrix times an OpenGL projection.
Eigen::Matrix4d camera_matrix(const Eigen::Vector3d& eye, const Eigen::Vector3d& target,
                              double fov_degrees, double aspect, double near, double far) {
  const Eigen::Vector3d forward = (target - eye).normalized();
  const Eigen::Vector3d right = forward.cross(Eigen::Vector3d::UnitY()).normalized();
  const Eigen::Vector3d up = right.cross(forward);
  Eigen::Matrix4d view = Eigen::Matrix4d::Identity();
  view.block<1, 3>(0, 0) = right.transpose();
  view.block<1, 3>(1, 0) = up.transpose();
  view.block<1, 3>(2, 0) = -forward.transpose();
  view(0, 3) = -right.dot(eye);
  view(1, 3) = -up.dot(eye);
  view(2, 3) = forward.dot(eye);
  const double f = 1.0 / std::tan(fov_degrees * M_PI / 360.0);
  Eigen::Matrix4d projection = Eigen::Matrix4d::Zero();
  projection(0, 0) = f / aspect;
  projection(1, 1) = f;
  projection(2, 2) = (far + near) / (near - far);
  projection(2, 3) = 2 * far * near / (near - far);
  projection(3, 2) = -1;
  return projection * view;
}

TEST(PointPicker, GridPickEqualsBruteForce) {
  std::mt19937 random(42);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Positions3D points(3, 20000);
  for (Eigen::Index i = 0; i < points.cols(); ++i) {
    points.col(i) << normal(random), normal(random) * 0.6f, normal(random) * 0.3f;
  }
  const int width = 1000;
  const int height = 700;
  int hits = 0;
  for (int trial = 0; trial < 20; ++trial) {
    const double angle = trial * 0.7;
    const Eigen::Vector3d eye(6 * std::cos(angle), 1.5 * std::sin(trial), 6 * std::sin(angle));
    const Eigen::Matrix4d camera =
        camera_matrix(eye, Eigen::Vector3d::Zero(), 30.0, double(width) / height, 0.1, 100);
    PointPicker picker;
    picker.update(points, camera, width, height);
    for (int query = 0; query < 200; ++query) {
      double x;
      double y;
      if (query % 2 == 0) {  // right on (or near) a random point
        const ScreenPoint p =
            project_to_screen(points.col(random() % points.cols()), camera, width, height);
        x = p.x + (uniform(random) - 0.5) * 6;
        y = p.y + (uniform(random) - 0.5) * 6;
      } else {  // anywhere, off-screen margins included
        x = uniform(random) * (width + 40) - 20;
        y = uniform(random) * (height + 40) - 20;
      }
      for (double radius : {1.0, 4.0, 9.0}) {
        const auto fast = picker.pick(x, y, radius);
        const auto slow = pick_point_brute_force(points, camera, width, height, x, y, radius);
        ASSERT_EQ(fast, slow) << "trial " << trial << " at " << x << "," << y << " r " << radius;
        hits += fast.has_value();
      }
    }
  }
  EXPECT_GT(hits, 2000);  // the comparison covered many real hits, not only misses
}

TEST(PointPicker, FrontMostPointWinsAndPointsBehindTheCameraAreIgnored) {
  Positions3D points(3, 3);
  points.col(0) << 0, 0, -5;  // behind the other along the view ray
  points.col(1) << 0, 0, 2;   // in front (the camera looks down -z from z = 10)
  points.col(2) << 0, 0, 20;  // behind the camera
  const Eigen::Matrix4d camera = camera_matrix({0, 0, 10}, {0, 0, 0}, 30.0, 1.0, 0.1, 100);
  PointPicker picker;
  picker.update(points, camera, 400, 400);
  EXPECT_EQ(picker.pick(200, 200, 3), std::optional<int64_t>(1));
  EXPECT_FALSE(picker.screen_points()[2].visible);
  EXPECT_EQ(picker.pick(50, 50, 3), std::nullopt);
}

TEST(PointPicker, ScreenCoordinatesFollowWindowConventions) {
  Positions3D points(3, 2);
  points.col(0) << 0, 0, 0;  // centre of the view
  points.col(1) << 1, 1, 0;  // up and right
  const Eigen::Matrix4d camera = camera_matrix({0, 0, 10}, {0, 0, 0}, 30.0, 2.0, 0.1, 100);
  const ScreenPoint centre = project_to_screen(points.col(0), camera, 800, 400);
  EXPECT_NEAR(centre.x, 400, 1e-3);
  EXPECT_NEAR(centre.y, 200, 1e-3);
  const ScreenPoint corner = project_to_screen(points.col(1), camera, 800, 400);
  EXPECT_GT(corner.x, 400);
  EXPECT_LT(corner.y, 200);  // y grows downwards on screen
}

}  // namespace
}  // namespace embscope
